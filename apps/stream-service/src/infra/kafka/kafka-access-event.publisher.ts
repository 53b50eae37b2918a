import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';
import {
  parseVideoAccessedEvent,
  PRODUCER_SPAN_NAME,
  VIDEO_ACCESSED_TOPIC,
  type VideoAccessedEvent,
} from '@video-streaming/contracts';
import type { Producer } from 'kafkajs';
import type { Counter, Gauge } from 'prom-client';
import { APP_CONFIG, type StreamConfig } from '../../config';
import type { AccessEventPublisher } from '../../domain/access-event-publisher.port';
import { nextRetryMs } from '../../domain/retry-backoff';
import { METRIC } from '../observability/stream.metrics';
import { BoundedEventBuffer } from './bounded-event-buffer';
import { KAFKA_PRODUCER } from './kafka-producer.factory';
import { VideoAccessedSender } from './video-accessed.sender';

interface Pending {
  key: string;
  value: string;
  headers: Record<string, string>;
  span: Span;
}

/**
 * Batches access events to Kafka in the background. publish() only appends to a bounded buffer;
 * a loop sends up to KAFKA_BATCH_MAX_EVENTS every KAFKA_BATCH_INTERVAL_MS, and while Kafka is
 * unreachable it keeps the events and retries with backoff. The message key is the videoKey:
 * events of one video stay ordered on one partition, where per-video statistics are computed.
 */
@Injectable()
export class KafkaAccessEventPublisher
  implements AccessEventPublisher, OnApplicationShutdown
{
  private readonly logger = new Logger(KafkaAccessEventPublisher.name);
  private readonly tracer = trace.getTracer('stream-service');
  private readonly buffer: BoundedEventBuffer<Pending>;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private readonly sender: VideoAccessedSender;
  private retryMs = 0;
  private stopped = false;
  /**
   * Runs a callback in the context this publisher was created in, not in the request that
   * happened to schedule the flush: the loop's logs must not claim some request's id.
   */
  private readonly detached = AsyncResource.bind((callback: () => void) =>
    callback(),
  );

  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @Inject(APP_CONFIG) private readonly config: StreamConfig,
    @InjectMetric(METRIC.eventsQueued) private readonly queued: Counter<string>,
    @InjectMetric(METRIC.eventsSent) private readonly sent: Counter<string>,
    @InjectMetric(METRIC.eventsDropped)
    private readonly dropped: Counter<string>,
    @InjectMetric(METRIC.eventsBuffered)
    private readonly buffered: Gauge<string>,
    @InjectMetric(METRIC.eventsInvalid)
    private readonly invalid: Counter<string>,
  ) {
    this.buffer = new BoundedEventBuffer(config.KAFKA_BUFFER_MAX_EVENTS);
    this.sender = new VideoAccessedSender(producer);
  }

  get isConnected(): boolean {
    return this.sender.isConnected;
  }

  get bufferedCount(): number {
    return this.buffer.size;
  }

  publish(event: VideoAccessedEvent): void {
    try {
      const value = JSON.stringify(event);
      // The consumer's own parser, on the very bytes it would get: an event it would
      // dead-letter is a bug of ours, counted and logged here instead of sent.
      const check = parseVideoAccessedEvent(value);
      if (!check.ok) {
        this.invalid.inc();
        this.logger.error(
          `access event not sent, it breaks the video-accessed contract: ${check.reason}`,
        );
        return;
      }
      const span = this.tracer.startSpan(PRODUCER_SPAN_NAME, {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': VIDEO_ACCESSED_TOPIC,
          'video.key': event.videoKey,
        },
      });
      const headers: Record<string, string> = {};
      propagation.inject(trace.setSpan(context.active(), span), headers);
      this.drop(
        this.buffer.push({
          key: event.videoKey,
          value,
          headers,
          span,
        }),
      );
      this.queued.inc();
      this.buffered.set(this.buffer.size);
      this.schedule();
    } catch (error) {
      // Logging must never fail a response: a broken event is logged and forgotten.
      this.logger.error(`access event not queued: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const deadline = Date.now() + this.config.KAFKA_SHUTDOWN_FLUSH_TIMEOUT_MS;
    await this.sending;
    while (this.buffer.size > 0 && Date.now() < deadline) {
      await this.flushOnce();
      if (this.retryMs)
        await sleep(Math.min(this.retryMs, Math.max(0, deadline - Date.now())));
    }
    if (this.buffer.size > 0)
      this.logger.warn(
        `${this.buffer.size} access events not delivered before shutdown`,
      );
    await this.producer.disconnect().catch(() => undefined);
  }

  private schedule(): void {
    if (this.timer || this.sending || this.stopped || this.buffer.size === 0)
      return;
    const full = this.buffer.size >= this.config.KAFKA_BATCH_MAX_EVENTS;
    const delay =
      this.retryMs || (full ? 0 : this.config.KAFKA_BATCH_INTERVAL_MS);
    this.detached(() => {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.sending = this.flushOnce().finally(() => {
          this.sending = undefined;
          this.schedule();
        });
      }, delay);
      this.timer.unref();
    });
  }

  /** Sends one batch; never rejects (a failure puts the batch back and sets the backoff). */
  private async flushOnce(): Promise<void> {
    const batch = this.buffer.take(this.config.KAFKA_BATCH_MAX_EVENTS);
    if (batch.length === 0) return;
    try {
      await this.sender.send(
        batch.map(({ key, value, headers }) => ({ key, value, headers })),
      );
      this.retryMs = 0;
      this.sent.inc(batch.length);
      batch.forEach(({ span }) => span.end());
    } catch (error) {
      this.retryMs = nextRetryMs(this.retryMs);
      this.logger.warn(
        `Kafka unavailable, ${batch.length + this.buffer.size} access events buffered: ${(error as Error).message}`,
      );
      batch.forEach(({ span }) =>
        span.addEvent('retry', { reason: (error as Error).message }),
      );
      this.drop(this.buffer.returnToFront(batch));
    } finally {
      this.buffered.set(this.buffer.size);
    }
  }

  private drop(lost: Pending[]): void {
    if (lost.length === 0) return;
    lost.forEach(({ span }) => {
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: 'dropped: buffer full',
      });
      span.end();
    });
    this.dropped.inc(lost.length);
    this.logger.warn(
      `access event buffer full: dropped ${lost.length} oldest events`,
    );
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
