import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { context, propagation } from '@opentelemetry/api';
import {
  parseEventWith,
  VIDEO_UPLOADED_SCHEMA_VERSION,
  VIDEO_UPLOADED_TOPIC,
  videoUploadedEventV1Schema,
  type VideoUploadedEvent,
} from '@video-streaming/contracts';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { STREAM_CONFIG, type StreamConfig } from '../../config';
import type {
  UploadedVideo,
  VideoLifecyclePublisher,
} from '../../domain/video-lifecycle-publisher.port';
import { KAFKA_LIFECYCLE_PRODUCER } from './kafka-producer.factory';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;
/** A few hundred pending announcements cover a long outage; past that the oldest are logged and dropped. */
const MAX_PENDING = 1000;

/**
 * Publishes `video-uploaded`, keyed by the video key (one video's events stay ordered). The
 * first attempt is awaited, so in the normal case the event is in Kafka before the upload is
 * answered; while Kafka is unreachable the event waits in memory and is retried with backoff,
 * because the upload itself is already stored and must not fail for it.
 */
@Injectable()
export class KafkaLifecyclePublisher
  implements VideoLifecyclePublisher, OnApplicationShutdown
{
  private readonly logger = new Logger(KafkaLifecyclePublisher.name);
  private readonly pending: VideoUploadedEvent[] = [];
  private connected: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = RETRY_MIN_MS;

  constructor(
    @Inject(KAFKA_LIFECYCLE_PRODUCER) private readonly producer: Producer,
    @Inject(STREAM_CONFIG) private readonly config: StreamConfig,
  ) {}

  async announceUploaded(video: UploadedVideo): Promise<void> {
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    const event: VideoUploadedEvent = {
      schemaVersion: VIDEO_UPLOADED_SCHEMA_VERSION,
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      videoKey: video.videoKey,
      source: {
        bucket: this.config.S3_BUCKET,
        key: video.sourceKey,
        etag: video.etag,
      },
      sizeBytes: video.sizeBytes,
      contentType: video.contentType,
      uploadedBy: video.uploadedBy,
      uploadProtocol: video.uploadProtocol,
      trace: {
        traceparent: carrier['traceparent'] ?? null,
        tracestate: carrier['tracestate'] ?? null,
      },
    };
    // The producer validates with the consumer's parser: a bad event fails here, not in the worker.
    const checked = parseEventWith(
      videoUploadedEventV1Schema,
      JSON.stringify(event),
    );
    if (!checked.ok) {
      this.logger.error(
        `video-uploaded for ${video.videoKey} violates its contract: ${checked.reason}`,
      );
      return;
    }
    try {
      await this.send([event]);
    } catch (error) {
      this.logger.warn(
        `video-uploaded for ${video.videoKey} kept for retry: ${(error as Error).message}`,
      );
      this.keep(event);
    }
  }

  /** How many announcements wait for Kafka (for tests and health). */
  get pendingCount(): number {
    return this.pending.length;
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.retryTimer);
    if (this.pending.length)
      await this.send(this.pending.splice(0)).catch(() => undefined);
    if (this.pending.length)
      this.logger.error(
        `${this.pending.length} video-uploaded events not sent at shutdown`,
      );
    await this.producer.disconnect().catch(() => undefined);
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

  private keep(event: VideoUploadedEvent): void {
    this.pending.push(event);
    if (this.pending.length > MAX_PENDING) {
      const dropped = this.pending.shift();
      this.logger.error(
        `video-uploaded for ${dropped?.videoKey} dropped: ${MAX_PENDING} already wait for Kafka`,
      );
    }
    this.retryTimer ??= setTimeout(() => void this.retry(), this.retryMs);
  }

  private async retry(): Promise<void> {
    this.retryTimer = undefined;
    const batch = this.pending.splice(0);
    try {
      await this.send(batch);
      this.retryMs = RETRY_MIN_MS;
    } catch {
      this.pending.unshift(...batch);
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
      this.retryTimer = setTimeout(() => void this.retry(), this.retryMs);
    }
  }
}
