import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { ReadinessProbes } from '../../infra/health/readiness-probes';
import { KafkaAccessEventPublisher } from '../../infra/kafka/kafka-access-event.publisher';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly probes: ReadinessProbes,
    private readonly publisher: KafkaAccessEventPublisher,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * Not ready without S3: no video can be served. Kafka is reported but never makes the service
   * unready: access events wait in the buffer, and videos keep streaming during a Kafka outage.
   * Both come from ReadinessProbes' last background measurement: no network I/O here, so the
   * answer stays fast however loaded the process or slow the dependency.
   */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health
      .check([
        () => {
          const s3 = this.probes.storage;
          const indicator = this.indicator.check('s3');
          return s3.up
            ? indicator.up({ checkedAt: isoOf(s3.at) })
            : indicator.down({
                message: s3.message ?? 'S3 bucket not reachable',
                checkedAt: isoOf(s3.at),
              });
        },
        () => {
          const kafka = this.probes.broker;
          return this.indicator.check('kafka').up({
            connected: kafka.up && this.publisher.isConnected,
            bufferedEvents: this.publisher.bufferedCount,
            checkedAt: isoOf(kafka.at),
            ...(kafka.up || !kafka.message ? {} : { error: kafka.message }),
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

const isoOf = (at: number | undefined) =>
  at === undefined ? null : new Date(at).toISOString();
