import type pg from 'pg';
import type { AccessLogEntry } from '../../domain/access-log';
import {
  isPlayback,
  type AnalyticsRules,
} from '../../domain/analytics/analytics-rules';
import {
  mergeSessions,
  type NewSession,
  type SessionAccess,
  type StoredSession,
} from '../../domain/analytics/playback-sessions';
import type { HourAndDayDeltas } from '../../domain/analytics/rollup-delta';

interface Viewer {
  videoKey: string;
  userId: string;
  sessionRef: string;
  accesses: SessionAccess[];
}

interface SessionRow {
  id: string;
  video_key: string;
  user_id: string;
  session_ref: string;
  started_at: Date;
  ended_at: Date;
  accesses: number;
  bytes_sent: string;
  counted_view: boolean;
}

// The stored sessions a viewer's new accesses may touch (within one window of them), locked
// until commit so that a concurrent writer of the same viewer waits instead of forking a session.
const LOCK_TOUCHED = `
  SELECT s.id, s.video_key, s.user_id, s.session_ref, s.started_at, s.ended_at, s.accesses,
         s.bytes_sent, s.counted_view
    FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
         AS k(video_key, user_id, session_ref, lo, hi)
    JOIN playback_sessions s
      ON s.video_key = k.video_key AND s.user_id = k.user_id AND s.session_ref = k.session_ref
     AND s.started_at <= k.hi AND s.ended_at >= k.lo
   ORDER BY s.id
     FOR UPDATE OF s`;

// The merged-away sessions go in the same round trip as the merged ones come in.
const REPLACE = `
  WITH removed AS (DELETE FROM playback_sessions WHERE id = ANY($9::bigint[]))
  INSERT INTO playback_sessions (video_key, user_id, session_ref, started_at, ended_at, accesses,
                                 bytes_sent, counted_view)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[],
                       $6::int[], $7::bigint[], $8::boolean[])`;

const viewerKey = (v: {
  videoKey: string;
  userId: string;
  sessionRef: string;
}) => `${v.videoKey}\u0000${v.userId}\u0000${v.sessionRef}`;

/**
 * Folds new accesses into the playback sessions (ADR 0024) and records, in `deltas`, what that
 * changes in the rollups: a merged-away session is taken back from its hour, the merged one added.
 */
export async function updateSessions(
  client: pg.PoolClient,
  fresh: readonly AccessLogEntry[],
  rules: AnalyticsRules,
  deltas: HourAndDayDeltas,
): Promise<void> {
  const viewers = new Map<string, Viewer>();
  for (const e of fresh) {
    if (!isPlayback(e.status)) continue;
    const v = {
      videoKey: e.videoKey,
      userId: e.userId,
      sessionRef: e.sessionId ?? '',
    };
    const key = viewerKey(v);
    const viewer = viewers.get(key) ?? { ...v, accesses: [] };
    viewer.accesses.push({
      at: e.occurredAt.getTime(),
      bytesSent: e.bytesSent,
    });
    viewers.set(key, viewer);
  }
  if (!viewers.size) return;
  const list = [...viewers.values()];
  const gapOf = (v: Viewer) => (v.sessionRef ? Infinity : rules.inactivityMs);
  const bound = (v: Viewer, pick: (ats: number[]) => number, sign: 1 | -1) => {
    const gap = gapOf(v);
    if (gap === Infinity) return sign < 0 ? '-infinity' : 'infinity';
    return new Date(
      pick(v.accesses.map((a) => a.at)) + sign * gap,
    ).toISOString();
  };
  const { rows } = await client.query<SessionRow>(LOCK_TOUCHED, [
    list.map((v) => v.videoKey),
    list.map((v) => v.userId),
    list.map((v) => v.sessionRef),
    list.map((v) => bound(v, (a) => Math.min(...a), -1)),
    list.map((v) => bound(v, (a) => Math.max(...a), 1)),
  ]);
  const storedBy = new Map<string, StoredSession[]>();
  for (const r of rows) {
    const key = viewerKey({
      videoKey: r.video_key,
      userId: r.user_id,
      sessionRef: r.session_ref,
    });
    const sessions = storedBy.get(key) ?? [];
    sessions.push({
      id: r.id,
      startedAt: r.started_at.getTime(),
      endedAt: r.ended_at.getTime(),
      accesses: r.accesses,
      bytesSent: Number(r.bytes_sent),
      countedView: r.counted_view,
    });
    storedBy.set(key, sessions);
  }
  const removedIds: string[] = [];
  const added: (NewSession & Omit<Viewer, 'accesses'>)[] = [];
  for (const [key, viewer] of viewers) {
    const merge = mergeSessions(
      storedBy.get(key) ?? [],
      viewer.accesses,
      gapOf(viewer),
      rules,
    );
    for (const s of merge.removed) {
      removedIds.push(s.id);
      deltas.addSession(viewer.videoKey, s, -1);
    }
    for (const s of merge.added) {
      const { videoKey, userId, sessionRef } = viewer;
      added.push({ videoKey, userId, sessionRef, ...s });
      deltas.addSession(viewer.videoKey, s, 1);
    }
  }
  await client.query(REPLACE, [
    added.map((s) => s.videoKey),
    added.map((s) => s.userId),
    added.map((s) => s.sessionRef),
    added.map((s) => new Date(s.startedAt).toISOString()),
    added.map((s) => new Date(s.endedAt).toISOString()),
    added.map((s) => s.accesses),
    added.map((s) => s.bytesSent),
    added.map((s) => s.countedView),
    removedIds,
  ]);
}
