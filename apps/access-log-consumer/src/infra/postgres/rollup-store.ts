import type pg from 'pg';
import type {
  HourAndDayDeltas,
  RollupRow,
} from '../../domain/analytics/rollup-delta';
import { REPLACE } from './session-store';

/**
 * Records who watched each video in each hour and day, from the rows the `raw` CTE added: CTEs of
 * the batch's first statement. A returned row is a viewer new to that hour or day. Rows are
 * sorted so that concurrent writers lock them in the same order.
 */
export const VIEWERS = `
  h AS (
    INSERT INTO access_viewer_hours (video_key, hour, user_id)
    SELECT DISTINCT video_key, date_trunc('hour', occurred_at, 'UTC'), user_id
      FROM raw WHERE status < 400 ORDER BY 1, 2, 3
    ON CONFLICT DO NOTHING RETURNING video_key, hour),
  d AS (
    INSERT INTO access_viewer_days (video_key, day, user_id)
    SELECT DISTINCT video_key, (occurred_at AT TIME ZONE 'UTC')::date, user_id
      FROM raw WHERE status < 400 ORDER BY 1, 2, 3
    ON CONFLICT DO NOTHING RETURNING video_key, day, user_id)`;

/** What VIEWERS returns, one row per viewer new to an hour (epoch ms) or a day (YYYY-MM-DD). */
export interface NewViewerRow {
  kind: 'hour' | 'day';
  video_key: string;
  bucket: string;
  user_id: string | null;
}
export const NEW_VIEWER_ROWS = `
  SELECT 'hour' AS kind, video_key, (extract(EPOCH FROM hour) * 1000)::bigint::text AS bucket,
         NULL AS user_id FROM h
  UNION ALL
  SELECT 'day', video_key, day::text, user_id FROM d`;

/** Adds one unique viewer to each bucket a viewer is new to; returns the new viewer-days. */
export function countNewViewers(
  rows: readonly NewViewerRow[],
  deltas: HourAndDayDeltas,
): NewViewerDays {
  const newDays: NewViewerDays = { videoKeys: [], userIds: [], days: [] };
  for (const r of rows)
    if (r.kind === 'hour')
      deltas.hourly.add(r.video_key, new Date(Number(r.bucket)).toISOString(), {
        uniqueViewers: 1,
      });
    else {
      deltas.daily.add(r.video_key, r.bucket, { uniqueViewers: 1 });
      newDays.videoKeys.push(r.video_key);
      newDays.userIds.push(r.user_id ?? '');
      newDays.days.push(r.bucket);
    }
  return newDays;
}

/** The (video, viewer, day) rows the batch added to access_viewer_days, as parallel columns. */
export interface NewViewerDays {
  videoKeys: string[];
  userIds: string[];
  days: string[];
}

// ADR 0031: each new viewer-day changes the (day, previous active day) pairs of its viewer: the
// pairs of the viewer's days with the new ones (+1) minus those without them (-1). The statement
// runs after the viewer-days insert, so it sees the new days; the rows are summed per key first.
const GAPS = (p: number) => `
  gaps_new AS (
    SELECT * FROM unnest($${p + 1}::text[], $${p + 2}::text[], $${p + 3}::date[]) AS n(video_key, user_id, day)),
  gaps_days AS (
    SELECT d.video_key, d.user_id, d.day, n.day IS NOT NULL AS is_new
      FROM (SELECT DISTINCT video_key, user_id FROM gaps_new) v
      JOIN access_viewer_days d ON d.video_key = v.video_key AND d.user_id = v.user_id
      LEFT JOIN gaps_new n ON n.video_key = d.video_key AND n.user_id = d.user_id AND n.day = d.day),
  gaps_delta AS (
    SELECT video_key, day, prev_day, sum(delta)::bigint AS delta FROM (
      SELECT video_key, day, coalesce(lag(day) OVER w, '-infinity'::date) AS prev_day, 1 AS delta
        FROM gaps_days WINDOW w AS (PARTITION BY video_key, user_id ORDER BY day)
      UNION ALL
      SELECT video_key, day, coalesce(lag(day) OVER w, '-infinity'::date), -1
        FROM gaps_days WHERE NOT is_new WINDOW w AS (PARTITION BY video_key, user_id ORDER BY day)
    ) pairs GROUP BY video_key, day, prev_day HAVING sum(delta) <> 0),
  gaps AS (
    INSERT INTO access_viewer_day_gaps AS g (video_key, day, prev_day, viewers)
    SELECT video_key, day, prev_day, delta FROM gaps_delta ORDER BY video_key, day, prev_day
    ON CONFLICT (video_key, day, prev_day) DO UPDATE SET viewers = g.viewers + excluded.viewers)`;

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
// The sessions, both rollup tables and the viewer-day gaps in one round trip, the batch's second
// statement (a data-modifying CTE runs whether or not it is read).
const UPSERT_ALL = `
  WITH ${REPLACE(19)},
  hourly AS (${upsert('access_rollup_hourly', 'hour', 'timestamptz', 0)}),
  ${GAPS(16)}
  ${upsert('access_rollup_daily', 'day', 'date', 8)}`;

/** Writes the sessions (REPLACE's parameters), the rollup deltas and the viewer-day gaps. */
export async function applyRollups(
  client: pg.PoolClient,
  deltas: HourAndDayDeltas,
  newDays: NewViewerDays,
  sessions: unknown[],
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
  await client.query(UPSERT_ALL, [
    ...params(deltas.hourly.sorted()),
    ...params(deltas.daily.sorted()),
    newDays.videoKeys,
    newDays.userIds,
    newDays.days,
    ...sessions,
  ]);
}
