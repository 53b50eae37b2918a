import { Controller, Get, Query } from '@nestjs/common';
import { RequireScopes } from '@video-streaming/auth';
import { GetAccessStatsUseCase } from '../../application/get-access-stats/get-access-stats.use-case';
import { ListAccessLogsUseCase } from '../../application/list-access-logs/list-access-logs.use-case';
import type { StoredAccessLog } from '../../domain/access-log';
import type { AccessStats } from '../../domain/access-log-query';
import {
  decodeQuery,
  listQuerySchema,
  statsQuerySchema,
} from './access-logs.query';

@Controller('v1/api/access-logs')
export class AccessLogsController {
  constructor(
    private readonly listAccessLogs: ListAccessLogsUseCase,
    private readonly getAccessStats: GetAccessStatsUseCase,
  ) {}

  @Get()
  @RequireScopes('logs:read')
  async list(@Query() query: unknown) {
    const { filename, from, to, ...rest } = decodeQuery(listQuerySchema, query);
    const page = await this.listAccessLogs.execute({
      ...rest,
      videoKey: filename,
      from: from === undefined ? undefined : new Date(from),
      to: to === undefined ? undefined : new Date(to),
    });
    return {
      items: page.items.map(toResponseItem),
      nextCursor: page.nextCursor,
    };
  }

  @Get('stats')
  @RequireScopes('logs:read')
  async stats(@Query() query: unknown) {
    const { filename } = decodeQuery(statsQuerySchema, query);
    const { videoKey, ...counts }: AccessStats =
      await this.getAccessStats.execute(filename);
    return { filename: videoKey, ...counts };
  }
}

/** The internal id (a BigInt) stays inside the opaque cursor; bytesSent fits a JSON number. */
function toResponseItem(log: StoredAccessLog) {
  return {
    eventId: log.eventId,
    occurredAt: log.occurredAt.toISOString(),
    userId: log.userId,
    filename: log.videoKey,
    method: log.method,
    range: log.range,
    status: log.status,
    bytesSent: log.bytesSent,
    durationMs: log.durationMs,
    outcome: log.outcome,
    userAgent: log.userAgent,
    clientIp: log.clientIp,
    traceId: log.traceId,
    recordedAt: log.recordedAt.toISOString(),
  };
}
