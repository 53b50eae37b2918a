import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import {
  parseVideoAccessedEvent,
  PRODUCER_SPAN_NAME,
  VIDEO_ACCESSED_TOPIC,
  type VideoAccessedEvent,
} from '@video-streaming/contracts';
import type { Producer } from 'kafkajs';
import type { AcknowledgedEventPublisher } from '../../domain/acknowledged-event-publisher.port';
import { KAFKA_PRODUCER } from './kafka-producer.factory';
import { VideoAccessedSender } from './video-accessed.sender';

/**
 * Sends a batch of events on the service's idempotent producer and waits for acks=all. Each event
 * gets its producer span as a child of the trace it carries (the request that the gateway served),
 * like the events the request path publishes.
 */
@Injectable()
export class KafkaAcknowledgedPublisher implements AcknowledgedEventPublisher {
  private readonly logger = new Logger(KafkaAcknowledgedPublisher.name);
  private readonly tracer = trace.getTracer('stream-service');
  private readonly sender: VideoAccessedSender;

  constructor(@Inject(KAFKA_PRODUCER) producer: Producer) {
    this.sender = new VideoAccessedSender(producer);
  }

  async publishAcknowledged(events: VideoAccessedEvent[]): Promise<void> {
    const messages = [];
    const spans = [];
    for (const event of events) {
      const value = JSON.stringify(event);
      const check = parseVideoAccessedEvent(value);
      if (!check.ok) {
        this.logger.error(
          `edge access event ${event.eventId} not sent, it breaks the contract: ${check.reason}`,
        );
        continue;
      }
      const parent = propagation.extract(ROOT_CONTEXT, {
        traceparent: event.trace.traceparent ?? '',
        tracestate: event.trace.tracestate ?? '',
      });
      const span = this.tracer.startSpan(
        PRODUCER_SPAN_NAME,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.destination.name': VIDEO_ACCESSED_TOPIC,
            'video.key': event.videoKey,
          },
        },
        parent,
      );
      const headers: Record<string, string> = {};
      propagation.inject(trace.setSpan(context.active(), span), headers);
      messages.push({ key: event.videoKey, value, headers });
      spans.push(span);
    }
    if (messages.length === 0) return;
    try {
      await this.sender.send(messages);
    } finally {
      spans.forEach((span) => span.end());
    }
  }
}
