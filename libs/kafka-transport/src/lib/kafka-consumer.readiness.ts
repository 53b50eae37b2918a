import { Injectable } from '@nestjs/common';
import {
  KafkaReachability,
  type ReadinessCheck,
  type ReadinessReport,
} from '@video-streaming/platform';
import { KafkaServer } from './server/kafka.server';

/**
 * `kafka` in `/health/ready` of a consuming service: the brokers answer now (the consumer itself
 * may take long to notice an outage) and the consumer is connected and in its group. List it in
 * `readinessChecks(...)` with `KafkaReachability` provided.
 */
@Injectable()
export class KafkaConsumerReadiness implements ReadinessCheck {
  readonly name = 'kafka';
  constructor(
    private readonly probe: KafkaReachability,
    private readonly transport: KafkaServer,
  ) {}

  async check(): Promise<ReadinessReport> {
    const { connected, joined } = this.transport.consumerStatus();
    const probe = await this.probe.check();
    if (!probe.reachable)
      return {
        up: false,
        message: `brokers unreachable: ${probe.error}`,
        details: { connected: false, joined },
      };
    return connected && joined
      ? { up: true }
      : {
          up: false,
          message: 'consumer group not joined',
          details: { connected, joined },
        };
  }
}
