import { Injectable } from '@nestjs/common';
import { INVALID_VIDEO_KEY_PLACEHOLDER } from '@video-streaming/contracts';
import type {
  AccessAnalytics,
  AnalyticsFigures,
  StatsQuery,
  TopOrder,
  TopQuery,
  TopVideo,
  VideoStats,
} from '../../domain/analytics/access-analytics.port';
import { bucketStarts, splitDays } from '../../domain/analytics/stats-range';
import { Prisma } from './generated';
import { PrismaService } from './prisma.service';

interface BucketRow {
  start: Date;
  accesses: bigint;
  bytes_sent: bigint;
  sessions: bigint;
  views: bigint;
  watch_ms: bigint;
  unique_viewers: bigint;
}
/** The extra row of the stats query that carries the range's distinct viewers. */
interface ViewersRow extends Omit<BucketRow, 'start'> {
  start: null;
}

const ORDER: Record<TopOrder, Prisma.Sql> = {
  views: Prisma.sql`views`,
  bytes: Prisma.sql`bytes_sent`,
  watchTime: Prisma.sql`watch_ms`,
};

const dateOnly = (d: Date) => d.toISOString().slice(0, 10);
/** An instant with its offset, so the server's TimeZone setting cannot shift it. */
const ts = (d: Date) => Prisma.sql`${d.toISOString()}::timestamptz`;

/** Reads the rollups (hourly and daily tables) and the viewer tables; never the raw accesses. */
@Injectable()
export class PrismaAccessAnalytics implements AccessAnalytics {
  constructor(private readonly prisma: PrismaService) {}

  async stats({
    videoKey,
    from,
    to,
    interval,
  }: StatsQuery): Promise<VideoStats> {
    // One statement, so one snapshot: the buckets and the distinct viewers of the range always
    // describe the same committed batches (two parallel queries could straddle a commit and
    // report 5 accesses by 0 viewers). The viewers ride on an extra row whose start is NULL.
    const buckets =
      interval === 'hour'
        ? Prisma.sql`
            SELECT hour AS start, accesses, bytes_sent, sessions, views, watch_ms, unique_viewers
              FROM access_rollup_hourly
             WHERE video_key = ${videoKey} AND hour >= ${ts(from)} AND hour < ${ts(to)}`
        : Prisma.sql`
            SELECT day::timestamp AT TIME ZONE 'UTC' AS start, accesses, bytes_sent, sessions, views,
                   watch_ms, unique_viewers
              FROM access_rollup_daily
             WHERE video_key = ${videoKey} AND day >= ${dateOnly(from)}::date AND day < ${dateOnly(to)}::date`;
    const all = await this.prisma.$queryRaw<(BucketRow | ViewersRow)[]>`
      ${buckets}
      UNION ALL
      SELECT NULL::timestamptz, 0, 0, 0, 0, 0, (${this.uniqueViewers(videoKey, from, to)})::bigint`;
    const rows = all.filter((r): r is BucketRow => r.start !== null);
    const uniqueViewers = Number(
      all.find((r) => r.start === null)?.unique_viewers ?? 0,
    );
    const byStart = new Map(rows.map((r) => [r.start.getTime(), figures(r)]));
    const series = bucketStarts(from, to, interval).map((start) => ({
      start,
      ...(byStart.get(start.getTime()) ?? figures()),
    }));
    const totals = figures();
    for (const point of series)
      for (const field of Object.keys(totals) as (keyof AnalyticsFigures)[])
        totals[field] += point[field];
    totals.watchTimeSeconds = Math.round(totals.watchTimeSeconds * 1000) / 1000;
    totals.uniqueViewers = uniqueViewers;
    return { totals, series };
  }

  /**
   * Distinct viewers over the range (ADR 0031), exact: those of its whole days from the day gaps
   * (a viewer counts on the first active day of the range, the one whose previous active day is
   * before it), plus the viewers of the hours at its edges who were not active in those days.
   */
  private uniqueViewers(videoKey: string, from: Date, to: Date): Prisma.Sql {
    const { days, edges } = splitDays(from, to);
    const [first, end] = days.map(dateOnly);
    const hours = edges.map(
      ([a, b]) => Prisma.sql`(hour >= ${ts(a)} AND hour < ${ts(b)})`,
    );
    return Prisma.sql`
      SELECT (SELECT coalesce(sum(viewers), 0) FROM access_viewer_day_gaps
               WHERE video_key = ${videoKey} AND day >= ${first}::date AND day < ${end}::date
                 AND prev_day < ${first}::date)
           + (SELECT count(*) FROM (SELECT DISTINCT user_id FROM access_viewer_hours
                                     WHERE video_key = ${videoKey} AND (${Prisma.join(hours, ' OR ')})) edge
               WHERE NOT EXISTS (SELECT 1 FROM access_viewer_days d
                                  WHERE d.video_key = ${videoKey} AND d.user_id = edge.user_id
                                    AND d.day >= ${first}::date AND d.day < ${end}::date))`;
  }

  async top({ from, to, by, limit }: TopQuery): Promise<TopVideo[]> {
    const { days, edges } = splitDays(from, to);
    const hours = edges.map(
      ([a, b]) => Prisma.sql`(hour >= ${ts(a)} AND hour < ${ts(b)})`,
    );
    const rows = await this.prisma.$queryRaw<
      {
        video_key: string;
        views: bigint;
        bytes_sent: bigint;
        watch_ms: bigint;
      }[]
    >`
      SELECT video_key, sum(views)::bigint AS views, sum(bytes_sent)::bigint AS bytes_sent,
             sum(watch_ms)::bigint AS watch_ms
        FROM (SELECT video_key, views, bytes_sent, watch_ms FROM access_rollup_daily
               WHERE day >= ${dateOnly(days[0])}::date AND day < ${dateOnly(days[1])}::date
              UNION ALL
              SELECT video_key, views, bytes_sent, watch_ms FROM access_rollup_hourly
               WHERE ${Prisma.join(hours, ' OR ')}) buckets
       WHERE video_key <> ${INVALID_VIDEO_KEY_PLACEHOLDER}
       GROUP BY video_key
       ORDER BY ${ORDER[by]} DESC, video_key
       LIMIT ${limit}`;
    return rows.map((r) => ({
      videoKey: r.video_key,
      views: Number(r.views),
      bytesSent: Number(r.bytes_sent),
      watchTimeSeconds: Number(r.watch_ms) / 1000,
    }));
  }
}

function figures(row?: BucketRow): AnalyticsFigures {
  return {
    accesses: Number(row?.accesses ?? 0),
    bytesSent: Number(row?.bytes_sent ?? 0),
    sessions: Number(row?.sessions ?? 0),
    views: Number(row?.views ?? 0),
    uniqueViewers: Number(row?.unique_viewers ?? 0),
    watchTimeSeconds: Number(row?.watch_ms ?? 0) / 1000,
  };
}
