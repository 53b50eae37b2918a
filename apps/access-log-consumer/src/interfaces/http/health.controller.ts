import {
  Controller,
  Get,
  HttpStatus,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import type { Response } from 'express';
import { KafkaServer } from '@video-streaming/kafka-transport';
import { KafkaReachability } from '@video-streaming/platform';
import { ConsumerLagMonitor } from '../../infra/kafka/consumer-lag.monitor';
import { PrismaService } from '../../infra/prisma/prisma.service';

const PING_TIMEOUT_MS = 2_000;

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly prisma: PrismaService,
    private readonly consumer: KafkaServer,
    private readonly kafkaProbe: KafkaReachability,
    private readonly lagMonitor: ConsumerLagMonitor,
  ) {}

  /** The process answers: restart it only when this fails. */
  @Get('live')
  live(@Res({ passthrough: true }) response: Response) {
    return this.report(this.health.check([]), response);
  }

  /** Both dependencies and the partitions' progress, each named, so a 503 says what is wrong. */
  @Get('ready')
  ready(@Res({ passthrough: true }) response: Response) {
    return this.report(
      this.health.check([
        () => this.postgres(),
        () => this.kafka(),
        () => this.partitions(),
      ]),
      response,
    );
  }

  /** Terminus' 503 carries the per-dependency details; the global JSON filter would flatten them away. */
  private async report(
    check: Promise<HealthCheckResult>,
    response: Response,
  ): Promise<unknown> {
    try {
      return await check;
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return error.getResponse();
    }
  }

  private async postgres() {
    const session = this.indicator.check('postgres');
    try {
      await withTimeout(this.prisma.$queryRaw`SELECT 1`, PING_TIMEOUT_MS);
      return session.up();
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }

  /** The brokers answer now (the consumer itself may take long to notice) and the group is joined. */
  private async kafka() {
    const session = this.indicator.check('kafka');
    const { connected, joined } = this.consumer.consumerStatus();
    const probe = await this.kafkaProbe.check();
    if (!probe.reachable)
      return session.down({
        connected: false,
        joined,
        message: `brokers unreachable: ${probe.error}`,
      });
    return connected && joined
      ? session.up()
      : session.down({
          connected,
          joined,
          message: 'consumer group not joined',
        });
  }

  /** Connected and joined is not enough: a partition stuck on one batch must show here too. */
  private partitions() {
    const session = this.indicator.check('partitions');
    const stalled = this.lagMonitor.stalled();
    if (!stalled.length) return session.up();
    return session.down({
      stalled,
      message: stalled
        .map(
          (p) =>
            `${p.name} stalled, lag ${p.lag}, no progress for ${p.stalledSeconds} s`,
        )
        .join('; '),
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(
        () => reject(new Error(`no answer within ${ms} ms`)),
        ms,
      )),
  );
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
