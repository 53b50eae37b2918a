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
  const newHours = await client.query<{ video_key: string; hour: Date }>(
    `INSERT INTO access_viewer_hours (video_key, hour, user_id)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[])
     ON CONFLICT DO NOTHING RETURNING video_key, hour`,
    columns(hours),
  );
  for (const r of newHours.rows)
    deltas.hourly.add(r.video_key, r.hour.toISOString(), { uniqueViewers: 1 });
  const newDays = await client.query<{ video_key: string; day: string }>(
    `INSERT INTO access_viewer_days (video_key, day, user_id)
     SELECT * FROM unnest($1::text[], $2::date[], $3::text[])
     ON CONFLICT DO NOTHING RETURNING video_key, day::text AS day`,
    columns(days),
  );
  for (const r of newDays.rows)
    deltas.daily.add(r.video_key, r.day, { uniqueViewers: 1 });
}

const upsert = (table: string, bucket: string, type: string) => `
  INSERT INTO ${table} AS r (video_key, ${bucket}, accesses, bytes_sent, sessions, views, watch_ms,
                             unique_viewers)
  SELECT * FROM unnest($1::text[], $2::${type}[], $3::bigint[], $4::bigint[], $5::bigint[],
                       $6::bigint[], $7::bigint[], $8::bigint[])
  ON CONFLICT (video_key, ${bucket}) DO UPDATE SET
    accesses = r.accesses + excluded.accesses,
    bytes_sent = r.bytes_sent + excluded.bytes_sent,
    sessions = r.sessions + excluded.sessions,
    views = r.views + excluded.views,
    watch_ms = r.watch_ms + excluded.watch_ms,
    unique_viewers = r.unique_viewers + excluded.unique_viewers`;
const UPSERT_HOURLY = upsert('access_rollup_hourly', 'hour', 'timestamptz');
const UPSERT_DAILY = upsert('access_rollup_daily', 'day', 'date');

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
  const hourly = deltas.hourly.sorted();
  if (hourly.length) await client.query(UPSERT_HOURLY, params(hourly));
  const daily = deltas.daily.sorted();
  if (daily.length) await client.query(UPSERT_DAILY, params(daily));
}
