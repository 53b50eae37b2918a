import {
  SpanKind,
  SpanStatusCode,
  context,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { InboundMessage } from '../kafka-message';
import { extractTraceContext } from './trace-context';

const tracer = trace.getTracer('@video-streaming/kafka-transport');

/** One consumer span per message, each a child of the producer's span (its traceparent header). */
export class ConsumerSpans {
  private readonly spans: Span[];

  constructor(messages: readonly InboundMessage[], name: string) {
    this.spans = messages.map(({ source, headers }) =>
      tracer.startSpan(
        name,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.destination.name': source.topic,
            'messaging.destination.partition.id': String(source.partition),
            'messaging.kafka.offset': source.offset,
          },
        },
        extractTraceContext(headers),
      ),
    );
  }

  /**
   * The handler runs in the first message's span, so its own work (one INSERT of the whole batch,
   * say) joins that trace; the other messages' spans record the same work by their offsets.
   */
  context(): Context {
    return trace.setSpan(context.active(), this.spans[0]);
  }

  event(name: string, attributes: Record<string, string | number>): void {
    for (const span of this.spans) span.addEvent(name, attributes);
  }

  end(error?: string): void {
    for (const span of this.spans) {
      if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
      span.end();
    }
  }
}
