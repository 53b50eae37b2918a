import {
  Controller,
  Get,
  Inject,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
} from '../../domain/object-storage.port';
import { KafkaReachability } from '@video-streaming/platform';
import { KafkaAccessEventPublisher } from '../../infra/kafka/kafka-access-event.publisher';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly publisher: KafkaAccessEventPublisher,
    private readonly kafkaProbe: KafkaReachability,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * Not ready without S3: no video can be served. Kafka is reported but never makes the service
   * unready: access events wait in the buffer, and videos keep streaming during a Kafka outage.
   */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health
      .check([
        async () => {
          const s3 = this.indicator.check('s3');
          return (await this.storage.isReachable())
            ? s3.up()
            : s3.down({ message: 'S3 bucket not reachable' });
        },
        async () => {
          // An idle producer only learns of an outage on its next send: ask the brokers now.
          const probe = await this.kafkaProbe.check();
          return this.indicator.check('kafka').up({
            connected: probe.reachable && this.publisher.isConnected,
            bufferedEvents: this.publisher.bufferedCount,
            ...(probe.error ? { error: probe.error } : {}),
          });
        },
      ])
      .catch((error: unknown) => {
        // The JSON error filter keeps only `message`: name what is down there.
        const details =
          (
            error as {
              response?: { error?: Record<string, { message?: string }> };
            }
          ).response?.error ?? {};
        const down = Object.entries(details).map(
          ([name, d]) => `${name} (${d.message ?? 'down'})`,
        );
        throw new ServiceUnavailableException(
          `Not ready: ${down.join(', ') || 'a dependency is down'}`,
        );
      });
  }
}
