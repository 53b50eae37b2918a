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

/**
 * Sends a batch of events on the service's idempotent producer and waits for acks=all. Each event
 * gets its producer span as a child of the trace it carries (the request that the gateway served),
 * like the events the request path publishes.
 */
@Injectable()
export class KafkaAcknowledgedPublisher implements AcknowledgedEventPublisher {
  private readonly logger = new Logger(KafkaAcknowledgedPublisher.name);
  private readonly tracer = trace.getTracer('stream-service');
  private connected = false;

  constructor(@Inject(KAFKA_PRODUCER) private readonly producer: Producer) {
    producer.on(producer.events.DISCONNECT, () => (this.connected = false));
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
      if (!this.connected) {
        await this.producer.connect();
        this.connected = true;
      }
      await this.producer.send({
        topic: VIDEO_ACCESSED_TOPIC,
        acks: -1,
        messages,
      });
    } catch (error) {
      this.connected = false;
      throw error;
    } finally {
      spans.forEach((span) => span.end());
    }
  }
}
