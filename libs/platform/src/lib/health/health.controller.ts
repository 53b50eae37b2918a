import {
  Controller,
  Get,
  HttpStatus,
  Inject,
  Optional,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { withTimeout } from '@video-streaming/core';
import type { Response } from 'express';
import {
  READINESS_CHECKS,
  READINESS_TIMEOUT_MS,
  type ReadinessCheck,
} from './readiness-check';

const DEFAULT_TIMEOUT_MS = 2_000;

/**
 * `/health/live`: the process answers (restart it only when this fails). `/health/ready`: every
 * readiness check the app registered, each named with its details. A 503 keeps Terminus' per-check
 * details (the global JSON filter would flatten them away) and adds `statusCode` and a `message`
 * that names what is down, so a one-line probe log says what to fix.
 */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS)
    private readonly checks: readonly ReadinessCheck[],
    @Optional()
    @Inject(READINESS_TIMEOUT_MS)
    private readonly timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ) {}

  @Get('live')
  live(@Res({ passthrough: true }) response: Response): Promise<unknown> {
    return report(this.health.check([]), response);
  }

  @Get('ready')
  ready(@Res({ passthrough: true }) response: Response): Promise<unknown> {
    return report(
      this.health.check(this.checks.map((check) => () => this.run(check))),
      response,
    );
  }

  private async run(check: ReadinessCheck): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(check.name);
    try {
      const { up, message, details } = await withTimeout(
        Promise.resolve(check.check()),
        this.timeoutMs,
      );
      const body = {
        ...details,
        ...(message === undefined ? {} : { message }),
      };
      return up ? session.up(body) : session.down({ message: 'down', ...body });
    } catch (error) {
      // Driver errors (Prisma's among them) put the useful sentence on their last line.
      const message =
        (error as Error).message.trim().split('\n').pop() || 'unreachable';
      return session.down({ message });
    }
  }
}

async function report(
  check: Promise<HealthCheckResult>,
  response: Response,
): Promise<unknown> {
  try {
    return await check;
  } catch (error) {
    if (!(error instanceof ServiceUnavailableException)) throw error;
    const result = error.getResponse() as HealthCheckResult;
    const down = Object.entries(result.error ?? {}).map(
      ([name, detail]) => `${name} (${String(detail?.['message'] ?? 'down')})`,
    );
    response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      message: `Not ready: ${down.join(', ')}`,
      ...result,
    };
  }
}
