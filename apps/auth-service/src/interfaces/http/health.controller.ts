import { Controller, Get, HttpStatus, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { KEY_STORE, type KeyStore } from '../../domain/key-store.port';
import { PrismaService } from '../../infra/prisma/prisma.service';

const PING_TIMEOUT_MS = 2_000;

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
  live(@Res({ passthrough: true }) response: Response): Promise<unknown> {
    return this.report(this.health.check([]), response);
  }

  /** Not ready without PostgreSQL (no login) or without a signing key (no token at all). */
  @Get('ready')
  ready(@Res({ passthrough: true }) response: Response): Promise<unknown> {
    return this.report(this.health.check([() => this.postgres(), () => this.signingKey()]), response);
  }

  /** Terminus' 503 carries the per-dependency details; the global JSON filter would flatten them away. */
  private async report(check: Promise<HealthCheckResult>, response: Response): Promise<unknown> {
    try {
      return await check;
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return error.getResponse();
    }
  }

  private async postgres(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('postgres');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS)));
    try {
      await Promise.race([this.prisma.$queryRaw`SELECT 1`, timeout]);
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message.split('\n').pop() ?? 'unreachable' });
    } finally {
      clearTimeout(timer);
    }
  }

  private async signingKey(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('signing-key');
    try {
      return check.up({ kid: (await this.keys.signingKey()).kid });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}
