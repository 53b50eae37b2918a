import {
  Inject,
  Injectable,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { KafkaReachability } from '@video-streaming/platform';
import { APP_CONFIG, type StreamConfig } from '../../config';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
} from '../../domain/object-storage.port';
import { BackgroundProbe, type ProbeReading } from './background-probe';

/** The dependencies readiness reports, each measured in the background (see BackgroundProbe). */
@Injectable()
export class ReadinessProbes implements OnModuleInit, OnApplicationShutdown {
  private readonly s3: BackgroundProbe;
  private readonly kafka: BackgroundProbe;

  constructor(
    @Inject(OBJECT_STORAGE) storage: ObjectStorage,
    kafkaProbe: KafkaReachability,
    @Inject(APP_CONFIG) config: StreamConfig,
  ) {
    const options = {
      intervalMs: config.READINESS_PROBE_INTERVAL_MS,
      timeoutMs: config.READINESS_PROBE_TIMEOUT_MS,
    };
    this.s3 = new BackgroundProbe(
      async () =>
        (await storage.isReachable())
          ? { up: true }
          : { up: false, message: 'S3 bucket not reachable' },
      options,
    );
    // An idle producer only learns of an outage on its next send: the probe asks the brokers.
    this.kafka = new BackgroundProbe(async () => {
      const probe = await kafkaProbe.check();
      return { up: probe.reachable, message: probe.error };
    }, options);
  }

  /** Start-up waits for the first measurement, so the first readiness answer is a real one. */
  async onModuleInit(): Promise<void> {
    this.s3.start();
    this.kafka.start();
    await Promise.all([this.s3.runOnce(), this.kafka.runOnce()]);
  }

  onApplicationShutdown(): void {
    this.s3.stop();
    this.kafka.stop();
  }

  get storage(): ProbeReading {
    return this.s3.reading();
  }

  get broker(): ProbeReading {
    return this.kafka.reading();
  }
}

/** A reading's time as an ISO string for the readiness details (null before the first one). */
export const isoOf = (at: number | undefined): string | null =>
  at === undefined ? null : new Date(at).toISOString();
