import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import { APP_CONFIG, type AppConfig } from '../../config';
import { KAFKA } from '../../infra/kafka/kafka.client';
import { VideoAccessedBatchHandler } from './video-accessed.batch-handler';

export interface ConsumerStatus {
  connected: boolean;
  joined: boolean;
}

/** Owns the group membership: joins at start, leaves on shutdown after the batch in hand is committed. */
@Injectable()
export class VideoAccessedConsumer
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(VideoAccessedConsumer.name);
  private readonly consumer: Consumer;
  private readonly state: ConsumerStatus = { connected: false, joined: false };
  private stopping = false;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly handler: VideoAccessedBatchHandler,
  ) {
    this.consumer = kafka.consumer({
      groupId: config.CONSUMER_GROUP_ID,
      sessionTimeout: config.CONSUMER_SESSION_TIMEOUT_MS,
      heartbeatInterval: config.CONSUMER_HEARTBEAT_INTERVAL_MS,
      minBytes: config.CONSUMER_MIN_BYTES,
      maxBytes: config.CONSUMER_MAX_BYTES,
      maxBytesPerPartition: config.CONSUMER_MAX_BYTES_PER_PARTITION,
      maxWaitTimeInMs: config.CONSUMER_MAX_WAIT_MS,
      allowAutoTopicCreation: false,
    });
    const { CONNECT, GROUP_JOIN, REBALANCING, DISCONNECT, STOP, CRASH } =
      this.consumer.events;
    this.consumer.on(CONNECT, () => (this.state.connected = true));
    this.consumer.on(GROUP_JOIN, () => (this.state.joined = true));
    this.consumer.on(REBALANCING, () => (this.state.joined = false));
    this.consumer.on(STOP, () => (this.state.joined = false));
    this.consumer.on(DISCONNECT, () =>
      Object.assign(this.state, { connected: false, joined: false }),
    );
    this.consumer.on(CRASH, (event) => {
      Object.assign(this.state, { joined: false });
      this.logger.error(
        `consumer crashed (restart: ${event.payload.restart}): ${event.payload.error.message}`,
      );
      // kafkajs restarts itself on retriable errors; on the others we start over rather than sit idle.
      if (!event.payload.restart && !this.stopping) void this.startWithRetry();
    });
  }

  status(): ConsumerStatus {
    return { ...this.state };
  }

  onApplicationBootstrap(): void {
    // Not awaited: the HTTP API and /health/ready are useful while Kafka is still unreachable.
    void this.startWithRetry();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    // disconnect() waits for the batch in progress, which commits what it stored before returning.
    await this.consumer.disconnect();
  }

  private async startWithRetry(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.consumer.connect();
        await this.consumer.subscribe({
          topic: this.config.ACCESS_LOG_TOPIC,
          fromBeginning: true,
        });
        await this.consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently:
            this.config.CONSUMER_PARTITIONS_CONCURRENCY,
          eachBatch: (payload) => this.handler.handle(payload),
        });
        return;
      } catch (error) {
        this.logger.error(
          `cannot start consuming ${this.config.ACCESS_LOG_TOPIC} (attempt ${attempt}): ${(error as Error).message}`,
        );
        await this.consumer.disconnect().catch(() => undefined);
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(30_000, 1_000 * attempt)),
        );
      }
    }
  }
}
