import { Injectable } from '@nestjs/common';
import type {
  ReadinessCheck,
  ReadinessReport,
} from '@video-streaming/platform';
import { isoOf, ReadinessProbes } from '../health/readiness-probes';
import { KafkaAccessEventPublisher } from './kafka-access-event.publisher';
import { KafkaLifecyclePublisher } from './kafka-lifecycle.publisher';

/**
 * `kafka`: reported, never making the service unready. Access events wait in a bounded buffer
 * and upload announcements are kept for retry, so videos keep streaming and uploading during a
 * Kafka outage; the details say what waits. `connected` is false as soon as the background probe
 * finds the brokers gone, even while the idle producer still believes it is connected.
 */
@Injectable()
export class KafkaProducerReadiness implements ReadinessCheck {
  readonly name = 'kafka';
  constructor(
    private readonly probes: ReadinessProbes,
    private readonly accessEvents: KafkaAccessEventPublisher,
    private readonly lifecycle: KafkaLifecyclePublisher,
  ) {}

  check(): ReadinessReport {
    const broker = this.probes.broker;
    return {
      up: true,
      details: {
        connected: broker.up && this.accessEvents.isConnected,
        bufferedEvents: this.accessEvents.bufferedCount,
        pendingUploadEvents: this.lifecycle.pendingCount,
        checkedAt: isoOf(broker.at),
        ...(broker.up || !broker.message ? {} : { error: broker.message }),
      },
    };
  }
}
