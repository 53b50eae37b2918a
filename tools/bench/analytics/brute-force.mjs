// The analytics recomputed from the raw rows alone, with the definitions of docs/analytics.md
// (30-minute window, view at 10 s or 2 MiB): what the rollups must equal.

/** Playback sessions of the videos LIKE $1, from their raw rows; $2/$3 bound the session start. */
const SESSIONS = `
  WITH p AS (
    SELECT video_key, user_id, coalesce(session_id, '') AS ref, occurred_at, bytes_sent
      FROM access_logs WHERE video_key LIKE $1 AND status < 400),
  marked AS (
    SELECT *, CASE WHEN ref <> '' THEN lag(occurred_at) OVER w IS NULL
                   ELSE coalesce(occurred_at - lag(occurred_at) OVER w > INTERVAL '30 minutes', TRUE) END AS starts
      FROM p WINDOW w AS (PARTITION BY video_key, user_id, ref ORDER BY occurred_at)),
  numbered AS (
    SELECT *, count(*) FILTER (WHERE starts)
                OVER (PARTITION BY video_key, user_id, ref ORDER BY occurred_at ROWS UNBOUNDED PRECEDING) AS n
      FROM marked),
  sessions AS (
    SELECT video_key, min(occurred_at) AS started_at, max(occurred_at) AS ended_at, sum(bytes_sent) AS bytes
      FROM numbered GROUP BY video_key, user_id, ref, n)
  SELECT video_key, count(*) AS sessions,
         count(*) FILTER (WHERE ended_at - started_at >= INTERVAL '10 seconds' OR bytes >= 2097152) AS views,
         sum((extract(EPOCH FROM ended_at - started_at) * 1000)::bigint) AS watch_ms
    FROM sessions WHERE started_at >= $2 AND started_at < $3
   GROUP BY video_key`;

/**
 * @typedef {{ accesses: number, bytesSent: number, sessions: number, views: number,
 *   uniqueViewers: number, watchTimeSeconds: number }} StatsTotals /stats's `totals`
 * @typedef {{ filename: string, views: number, bytesSent: number, watchTimeSeconds: number }}
 *   TopItem one of /top's `items`
 * @typedef {import('pg').Pool | import('pg').Client} Db
 */

/**
 * Totals of one video over [from, to), as /stats must answer them.
 * @param {Db} db @param {string} videoKey @param {Date} from @param {Date} to
 * @returns {Promise<StatsTotals>}
 */
export async function bruteForceStats(db, videoKey, from, to) {
  const [raw, sessions] = await Promise.all([
    db.query(
      `SELECT count(*) AS accesses, coalesce(sum(bytes_sent), 0) AS bytes,
              count(DISTINCT user_id) FILTER (WHERE status < 400) AS viewers
         FROM access_logs WHERE video_key = $1 AND occurred_at >= $2 AND occurred_at < $3`,
      [videoKey, from, to],
    ),
    db.query(SESSIONS, [videoKey.replace(/[\\%_]/g, '\\$&'), from, to]),
  ]);
  const s = sessions.rows[0] ?? { sessions: 0, views: 0, watch_ms: 0 };
  return {
    accesses: Number(raw.rows[0].accesses),
    bytesSent: Number(raw.rows[0].bytes),
    sessions: Number(s.sessions),
    views: Number(s.views),
    uniqueViewers: Number(raw.rows[0].viewers),
    watchTimeSeconds: Number(s.watch_ms) / 1000,
  };
}

/**
 * Every video of the run ranked by views (ties by name), as /top must answer.
 * @param {Db} db @param {string} likePattern @param {Date} from @param {Date} to
 * @param {number} limit @returns {Promise<TopItem[]>}
 */
export async function bruteForceTop(db, likePattern, from, to, limit) {
  const [sessions, bytes] = await Promise.all([
    db.query(SESSIONS, [likePattern, from, to]),
    db.query(
      `SELECT video_key, sum(bytes_sent) AS bytes FROM access_logs
        WHERE video_key LIKE $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY video_key`,
      [likePattern, from, to],
    ),
  ]);
  const bytesOf = new Map(
    bytes.rows.map((r) => [r.video_key, Number(r.bytes)]),
  );
  return sessions.rows
    .map((r) => ({
      filename: r.video_key,
      views: Number(r.views),
      bytesSent: bytesOf.get(r.video_key) ?? 0,
      watchTimeSeconds: Number(r.watch_ms) / 1000,
    }))
    .sort((a, b) => b.views - a.views || (a.filename < b.filename ? -1 : 1))
    .slice(0, limit);
}
