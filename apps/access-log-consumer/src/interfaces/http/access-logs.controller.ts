import { Controller, Get, Query } from '@nestjs/common';
import { RequireScopes } from '@video-streaming/auth';
import { GetAccessStatsUseCase } from '../../application/get-access-stats/get-access-stats.use-case';
import { ListAccessLogsUseCase } from '../../application/list-access-logs/list-access-logs.use-case';
import type { StoredAccessLog } from '../../domain/access-log';
import { GetTopVideosUseCase } from '../../application/get-top-videos/get-top-videos.use-case';
import type { AnalyticsFigures } from '../../domain/analytics/access-analytics.port';
import {
  decodeQuery,
  listQuerySchema,
  statsQuerySchema,
  topQuerySchema,
} from './access-logs.query';

@Controller('v1/api/access-logs')
export class AccessLogsController {
  constructor(
    private readonly listAccessLogs: ListAccessLogsUseCase,
    private readonly getAccessStats: GetAccessStatsUseCase,
    private readonly getTopVideos: GetTopVideosUseCase,
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
    const { filename, ...range } = decodeQuery(statsQuerySchema, query);
    const stats = await this.getAccessStats.execute({
      videoKey: filename,
      ...range,
    });
    return {
      filename: stats.videoKey,
      from: stats.from.toISOString(),
      to: stats.to.toISOString(),
      interval: stats.interval,
      totals: toFigures(stats.totals),
      series: stats.series.map(({ start, ...figures }) => ({
        start: start.toISOString(),
        ...toFigures(figures),
      })),
    };
  }

  @Get('top')
  @RequireScopes('logs:read')
  async top(@Query() query: unknown) {
    const items = await this.getTopVideos.execute(
      decodeQuery(topQuerySchema, query),
    );
    return {
      items: items.map(({ videoKey, ...figures }) => ({
        filename: videoKey,
        ...figures,
      })),
    };
  }
}

/** The documented field order (docs/api.md). */
function toFigures(f: AnalyticsFigures): AnalyticsFigures {
  return {
    accesses: f.accesses,
    bytesSent: f.bytesSent,
    sessions: f.sessions,
    views: f.views,
    uniqueViewers: f.uniqueViewers,
    watchTimeSeconds: f.watchTimeSeconds,
  };
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
