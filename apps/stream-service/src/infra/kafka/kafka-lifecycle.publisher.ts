import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import {
  parseEventWith,
  VIDEO_UPLOADED_TOPIC,
  videoUploadedEventV1Schema,
  type VideoUploadedEvent,
} from '@video-streaming/contracts';
import type { Producer } from 'kafkajs';
import type { Gauge } from 'prom-client';
import { APP_CONFIG, type StreamConfig } from '../../config';
import {
  VIDEO_UPLOADED_OUTBOX,
  type EventOutbox,
} from '../../domain/event-outbox.port';
import type {
  UploadedVideo,
  VideoLifecyclePublisher,
} from '../../domain/video-lifecycle-publisher.port';
import { METRIC } from '../observability/stream.metrics';
import { KAFKA_LIFECYCLE_PRODUCER } from './kafka-producer.factory';
import { videoUploadedEventOf } from './video-uploaded.event';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;
/** Only when the outbox itself cannot be written (S3 failing right after the upload) do events wait in memory. */
const MAX_IN_MEMORY = 1000;
const OUTBOX_BATCH = 100;
/**
 * The periodic sweep leaves records this young alone: their own first send (on this or another
 * replica) is probably in flight. A failed first send retries its records at any age.
 */
const SWEEP_MIN_AGE_MS = 10_000;

/**
 * Publishes `video-uploaded`, keyed by the video key (one video's events stay ordered), through
 * an outbox (ADR 0030): the event is kept in S3 before the first send and removed once Kafka
 * acknowledged it. While Kafka is unreachable the upload is still answered (it is stored); the
 * kept event is republished with backoff, at start, and every VIDEO_UPLOADED_OUTBOX_INTERVAL_MS
 * by any replica, so neither a Kafka outage nor a restart loses it. A republished event keeps its
 * event id; the worker's per-ETag idempotency makes a duplicate harmless.
 */
@Injectable()
export class KafkaLifecyclePublisher
  implements
    VideoLifecyclePublisher,
    OnApplicationBootstrap,
    OnApplicationShutdown
{
  private readonly logger = new Logger(KafkaLifecyclePublisher.name);
  /** Events the outbox could not keep: the last resort, lost on a crash (logged). */
  private readonly inMemory: VideoUploadedEvent[] = [];
  private kept = 0;
  private connected: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private retryMs = RETRY_MIN_MS;
  private draining: Promise<void> | undefined;

  constructor(
    @Inject(KAFKA_LIFECYCLE_PRODUCER) private readonly producer: Producer,
    @Inject(APP_CONFIG) private readonly config: StreamConfig,
    @Inject(VIDEO_UPLOADED_OUTBOX) private readonly outbox: EventOutbox,
    @InjectMetric(METRIC.uploadedOutboxPending)
    private readonly pendingGauge: Gauge<string>,
  ) {}

  onApplicationBootstrap(): void {
    // Whatever a previous process (or another replica) kept: republished now, then periodically.
    void this.drain(SWEEP_MIN_AGE_MS);
    this.sweepTimer = setInterval(
      () => void this.drain(SWEEP_MIN_AGE_MS),
      this.config.VIDEO_UPLOADED_OUTBOX_INTERVAL_MS,
    );
    this.sweepTimer.unref();
  }

  async announceUploaded(video: UploadedVideo): Promise<void> {
    const event = videoUploadedEventOf(video, this.config.S3_BUCKET);
    // The producer validates with the consumer's parser: a bad event fails here, not in the worker.
    const body = JSON.stringify(event);
    const checked = parseEventWith(videoUploadedEventV1Schema, body);
    if (!checked.ok) {
      this.logger.error(
        `video-uploaded for ${video.videoKey} violates its contract: ${checked.reason}`,
      );
      return;
    }
    const durable = await this.outbox.keep(event.eventId, body).then(
      () => true,
      (error: unknown) => {
        this.logger.error(
          `video-uploaded for ${video.videoKey} not kept in the outbox, held in memory: ${(error as Error).message}`,
        );
        return false;
      },
    );
    try {
      await this.send([event]);
      if (durable) await this.forget([event.eventId]);
    } catch (error) {
      this.logger.warn(
        `video-uploaded for ${video.videoKey} kept for retry: ${(error as Error).message}`,
      );
      if (durable) this.kept++;
      else this.holdInMemory(event);
      this.updateGauge();
      this.scheduleRetry();
    }
  }

  /** Events waiting for Kafka: kept in the outbox (as last counted) plus held in memory. */
  get pendingCount(): number {
    return this.kept + this.inMemory.length;
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.retryTimer);
    clearInterval(this.sweepTimer);
    await this.draining;
    if (this.inMemory.length)
      await this.send(this.inMemory.splice(0)).catch(() => undefined);
    if (this.inMemory.length)
      this.logger.error(
        `${this.inMemory.length} video-uploaded events held in memory not sent at shutdown`,
      );
    await this.producer.disconnect().catch(() => undefined);
  }

  /** Sends what the outbox keeps (and what memory holds) until both are empty or Kafka fails. */
  drain(minAgeMs = 0): Promise<void> {
    this.draining ??= this.drainOnce(minAgeMs).finally(
      () => (this.draining = undefined),
    );
    return this.draining;
  }

  private async drainOnce(minAgeMs: number): Promise<void> {
    try {
      if (this.inMemory.length) {
        const batch = this.inMemory.splice(0);
        await this.send(batch).catch((error: unknown) => {
          this.inMemory.unshift(...batch);
          throw error;
        });
      }
      for (;;) {
        const records = await this.outbox.list(OUTBOX_BATCH);
        this.kept = records.length;
        this.updateGauge();
        const due = records.filter(
          (r) => Date.now() - r.keptAt.getTime() >= minAgeMs,
        );
        if (due.length === 0) break;
        await this.send(
          due.map((r) => JSON.parse(r.body) as VideoUploadedEvent),
        );
        await this.forget(due.map((r) => r.id));
        if (due.length < OUTBOX_BATCH) break;
      }
      this.retryMs = RETRY_MIN_MS;
    } catch (error) {
      this.logger.warn(
        `video-uploaded outbox not drained, retrying in ${this.retryMs} ms: ${(error as Error).message}`,
      );
      this.scheduleRetry();
    }
  }

  private async forget(ids: string[]): Promise<void> {
    // Left behind, it is only sent once more: the worker dedups by source ETag.
    for (const id of ids)
      await this.outbox
        .remove(id)
        .catch((error: unknown) =>
          this.logger.warn(
            `outbox record ${id} not removed: ${(error as Error).message}`,
          ),
        );
    this.kept = Math.max(0, this.kept - ids.length);
    this.updateGauge();
  }

  private holdInMemory(event: VideoUploadedEvent): void {
    this.inMemory.push(event);
    if (this.inMemory.length > MAX_IN_MEMORY) {
      const dropped = this.inMemory.shift();
      this.logger.error(
        `video-uploaded for ${dropped?.videoKey} dropped: ${MAX_IN_MEMORY} already wait in memory`,
      );
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.drain();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }

  private updateGauge(): void {
    this.pendingGauge.set(this.pendingCount);
  }

  private async send(events: VideoUploadedEvent[]): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    await this.connected;
    await this.producer.send({
      topic: VIDEO_UPLOADED_TOPIC,
      messages: events.map((e) => ({
        key: e.videoKey,
        value: JSON.stringify(e),
        headers: e.trace.traceparent
          ? { traceparent: e.trace.traceparent }
          : {},
      })),
    });
  }
}
