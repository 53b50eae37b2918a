import type pg from 'pg';
import type { AccessLogEntry } from '../../domain/access-log';
import {
  dayKey,
  hourStart,
  isPlayback,
} from '../../domain/analytics/analytics-rules';
import type {
  HourAndDayDeltas,
  RollupRow,
} from '../../domain/analytics/rollup-delta';

/**
 * Records who watched each video in each hour and day; a viewer new to a bucket adds one to its
 * unique viewers. Rows are sorted so that concurrent writers lock them in the same order.
 */
export async function recordViewers(
  client: pg.PoolClient,
  fresh: readonly AccessLogEntry[],
  deltas: HourAndDayDeltas,
): Promise<void> {
  const hours = new Map<string, [string, string, string]>();
  const days = new Map<string, [string, string, string]>();
  for (const e of fresh) {
    if (!isPlayback(e.status)) continue;
    const at = e.occurredAt.getTime();
    const hour = new Date(hourStart(at)).toISOString();
    const day = dayKey(at);
    hours.set(`${e.videoKey}\u0000${hour}\u0000${e.userId}`, [
      e.videoKey,
      hour,
      e.userId,
    ]);
    days.set(`${e.videoKey}\u0000${day}\u0000${e.userId}`, [
      e.videoKey,
      day,
      e.userId,
    ]);
  }
  if (!hours.size) return;
  const columns = (m: Map<string, [string, string, string]>) => {
    const sorted = [...m.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, v]) => v);
    return [0, 1, 2].map((i) => sorted.map((row) => row[i]));
  };
  const [h, d] = [columns(hours), columns(days)];
  // One round trip for both tables: a returned row is a viewer new to that hour or day.
  const added = await client.query<{
    kind: string;
    video_key: string;
    bucket: string;
  }>(
    `WITH h AS (
       INSERT INTO access_viewer_hours (video_key, hour, user_id)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[])
       ON CONFLICT DO NOTHING RETURNING video_key, hour),
     d AS (
       INSERT INTO access_viewer_days (video_key, day, user_id)
       SELECT * FROM unnest($4::text[], $5::date[], $6::text[])
       ON CONFLICT DO NOTHING RETURNING video_key, day)
     SELECT 'hour' AS kind, video_key, (extract(EPOCH FROM hour) * 1000)::bigint::text AS bucket FROM h
     UNION ALL
     SELECT 'day', video_key, day::text FROM d`,
    [...h, ...d],
  );
  for (const r of added.rows)
    if (r.kind === 'hour')
      deltas.hourly.add(r.video_key, new Date(Number(r.bucket)).toISOString(), {
        uniqueViewers: 1,
      });
    else deltas.daily.add(r.video_key, r.bucket, { uniqueViewers: 1 });
}

const upsert = (table: string, bucket: string, type: string, p: number) => `
  INSERT INTO ${table} AS r (video_key, ${bucket}, accesses, bytes_sent, sessions, views, watch_ms,
                             unique_viewers)
  SELECT * FROM unnest($${p + 1}::text[], $${p + 2}::${type}[], $${p + 3}::bigint[], $${p + 4}::bigint[],
                       $${p + 5}::bigint[], $${p + 6}::bigint[], $${p + 7}::bigint[], $${p + 8}::bigint[])
  ON CONFLICT (video_key, ${bucket}) DO UPDATE SET
    accesses = r.accesses + excluded.accesses,
    bytes_sent = r.bytes_sent + excluded.bytes_sent,
    sessions = r.sessions + excluded.sessions,
    views = r.views + excluded.views,
    watch_ms = r.watch_ms + excluded.watch_ms,
    unique_viewers = r.unique_viewers + excluded.unique_viewers`;
// Both tables in one round trip (a data-modifying CTE runs whether or not it is read).
const UPSERT_BOTH = `
  WITH hourly AS (${upsert('access_rollup_hourly', 'hour', 'timestamptz', 0)})
  ${upsert('access_rollup_daily', 'day', 'date', 8)}`;

export async function applyRollups(
  client: pg.PoolClient,
  deltas: HourAndDayDeltas,
): Promise<void> {
  const params = (rows: RollupRow[]) => [
    rows.map((r) => r.videoKey),
    rows.map((r) => r.bucket),
    rows.map((r) => r.accesses),
    rows.map((r) => r.bytesSent),
    rows.map((r) => r.sessions),
    rows.map((r) => r.views),
    rows.map((r) => Math.round(r.watchMs)),
    rows.map((r) => r.uniqueViewers),
  ];
  await client.query(UPSERT_BOTH, [
    ...params(deltas.hourly.sorted()),
    ...params(deltas.daily.sorted()),
  ]);
}
