import { Injectable } from '@nestjs/common';
import { KafkaServer } from '@video-streaming/kafka-transport';
import {
  KafkaReachability,
  type ReadinessCheck,
  type ReadinessReport,
} from '@video-streaming/platform';

/** The brokers answer now (the consumer itself may take long to notice) and the group is joined. */
@Injectable()
export class KafkaReadiness implements ReadinessCheck {
  readonly name = 'kafka';
  constructor(
    private readonly probe: KafkaReachability,
    private readonly transport: KafkaServer,
  ) {}

  async check(): Promise<ReadinessReport> {
    const probe = await this.probe.check();
    if (!probe.reachable)
      return { up: false, message: `brokers unreachable: ${probe.error}` };
    const { connected, joined } = this.transport.consumerStatus();
    return connected && joined
      ? { up: true }
      : {
          up: false,
          message: 'consumer group not joined',
          details: { connected, joined },
        };
  }
}
