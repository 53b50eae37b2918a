import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { KEY_STORE, type KeyStore } from '../../domain/key-store.port';
import { PrismaService } from '../../infra/prisma/prisma.service';

/** Liveness says the process answers; readiness names the dependency that is down. */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly prisma: PrismaService,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      async () => {
        const check = this.indicators.check('postgres');
        try {
          await this.prisma.$queryRaw`SELECT 1`;
          return check.up();
        } catch (error) {
          return check.down({ message: (error as Error).message });
        }
      },
      async () => {
        const check = this.indicators.check('signing-key');
        try {
          return check.up({ kid: (await this.keys.signingKey()).kid });
        } catch (error) {
          return check.down({ message: (error as Error).message });
        }
      },
    ]);
  }
}
