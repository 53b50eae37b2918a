import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { VideoAccessedConsumer } from '../kafka/video-accessed.consumer';

const PING_TIMEOUT_MS = 2_000;

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly prisma: PrismaService,
    private readonly consumer: VideoAccessedConsumer,
  ) {}

  /** The process answers: restart it only when this fails. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Both dependencies, each named in the answer, so a 503 says which one is down. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.postgres(), () => this.kafka()]);
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

  private kafka() {
    const session = this.indicator.check('kafka');
    const { connected, joined } = this.consumer.status();
    return connected && joined ? session.up() : session.down({ connected, joined, message: 'consumer group not joined' });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
