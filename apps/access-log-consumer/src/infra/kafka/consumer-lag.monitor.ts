import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { KAFKA_CLIENT } from '@video-streaming/kafka-transport';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Admin, Kafka } from 'kafkajs';
import type { Gauge } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../../config';
import {
  PartitionProgress,
  type PartitionOffsets,
  type PartitionState,
} from '../../domain/partition-progress';
import {
  CONSUMER_LAG,
  PARTITION_STALLED_SECONDS,
} from '../observability/consumer-metrics';

/**
 * The group's lag as the brokers see it: each partition's high watermark minus the offset the group
 * committed. A partition stuck on one batch keeps its lag growing here, where a figure computed
 * from the last stored batch would stay at its old value (or 0) forever.
 */
@Injectable()
export class ConsumerLagMonitor
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(ConsumerLagMonitor.name);
  private readonly admin: Admin;
  private readonly progress: PartitionProgress;
  private connecting?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private states: PartitionState[] = [];
  private failing = false;
  private closed = false;
  private inFlight?: Promise<void>;
  /** When the offsets were last read (ms since the epoch); start-up counts as a reading. */
  private measured = Date.now();

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectMetric(CONSUMER_LAG) private readonly lag: Gauge<string>,
    @InjectMetric(PARTITION_STALLED_SECONDS)
    private readonly stalledSeconds: Gauge<string>,
  ) {
    this.admin = kafka.admin();
    this.progress = new PartitionProgress(
      config.ACCESS_LOG_STALL_SECONDS * 1000,
    );
  }

  onApplicationBootstrap(): void {
    const every = this.config.ACCESS_LOG_LAG_REFRESH_SECONDS * 1000;
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
    void this.tick();
  }

  /** Waits for the refresh under way: an admin request left running outlives the app otherwise. */
  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.inFlight;
    if (this.connecting) await this.admin.disconnect().catch(() => undefined);
  }

  private tick(): Promise<void> {
    if (this.closed || this.inFlight) return this.inFlight ?? Promise.resolve();
    this.inFlight = this.refresh().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** The partitions stalled at the last refresh, e.g. `video-accessed[2]`. */
  stalled(): { name: string; lag: string; stalledSeconds: number }[] {
    return this.states
      .filter((s) => s.stalled)
      .map((s) => ({
        name: `${this.config.ACCESS_LOG_TOPIC}[${s.partition}]`,
        lag: s.lag.toString(),
        stalledSeconds: s.stalledSeconds,
      }));
  }

  /** When the lag was last read from the brokers: an old reading means the figures above are stale. */
  get measuredAt(): number {
    return this.measured;
  }

  async refresh(now = Date.now()): Promise<void> {
    try {
      const offsets = await this.readOffsets();
      this.states = this.progress.observe(offsets, now);
      const topic = this.config.ACCESS_LOG_TOPIC;
      for (const s of this.states) {
        const labels = { topic, partition: String(s.partition) };
        this.lag.set(labels, Number(s.lag));
        this.stalledSeconds.set(labels, s.stalledSeconds);
      }
      this.failing = false;
      this.measured = now;
    } catch (error) {
      // The readiness probe reports unreachable brokers; log once per outage, not every refresh.
      if (!this.failing)
        this.logger.warn(
          `cannot read the group's offsets: ${(error as Error).message}`,
        );
      this.failing = true;
      this.connecting = undefined;
    }
  }

  private async readOffsets(): Promise<PartitionOffsets[]> {
    this.connecting ??= this.admin.connect();
    await this.connecting;
    const topic = this.config.ACCESS_LOG_TOPIC;
    const [ends, [committed]] = await Promise.all([
      this.admin.fetchTopicOffsets(topic),
      this.admin.fetchOffsets({
        groupId: this.config.CONSUMER_GROUP_ID,
        topics: [topic],
      }),
    ]);
    const byPartition = new Map(
      (committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]),
    );
    return ends.map((end) => {
      const offset = byPartition.get(end.partition);
      return {
        partition: end.partition,
        high: BigInt(end.high),
        low: BigInt(end.low),
        committed: offset === undefined || offset < 0n ? null : offset,
      };
    });
  }
}
