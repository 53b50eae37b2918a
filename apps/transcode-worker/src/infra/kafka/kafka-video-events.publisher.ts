import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { APP_CONFIG, type WorkerConfig } from '../../config';
import type {
  VideoEvents,
  VideoFailedNotice,
  VideoReadyNotice,
} from '../../domain/video-events.port';
import { KAFKA_PRODUCER } from './kafka-producer.factory';
import { videoFailedEvent, videoReadyEvent } from './lifecycle-events';

/** video-ready and video-failed, keyed by the video so one video's events stay in order. */
@Injectable()
export class KafkaVideoEventsPublisher
  implements VideoEvents, OnApplicationShutdown
{
  private connecting: Promise<void> | undefined;

  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @Inject(APP_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async ready(notice: VideoReadyNotice): Promise<void> {
    await this.send(
      this.config.VIDEO_READY_TOPIC,
      notice.videoKey,
      videoReadyEvent(notice),
      notice.traceparent,
    );
  }

  async failed(notice: VideoFailedNotice): Promise<void> {
    await this.send(
      this.config.VIDEO_FAILED_TOPIC,
      notice.videoKey,
      videoFailedEvent(notice),
      notice.traceparent,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.connecting)
      await this.producer.disconnect().catch(() => undefined);
  }

  private async send(
    topic: string,
    key: string,
    event: unknown,
    traceparent?: string,
  ) {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    await this.connecting;
    await this.producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key,
          value: JSON.stringify(event),
          headers: traceparent ? { traceparent } : {},
        },
      ],
    });
  }
}
