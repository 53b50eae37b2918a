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

interface ViewerKey {
  videoKey: string;
  userId: string;
  sessionRef: string;
}

/** A stored session as the lock statement returns it (row_to_json). */
export interface SessionJson extends ViewerKey {
  id: string;
  startedAt: string;
  endedAt: string;
  accesses: number;
  bytesSent: number;
  countedView: boolean;
}

/**
 * The stored sessions the batch's accesses may touch (within one window of them), locked until
 * commit so that a concurrent writer of the same viewer waits instead of forking a session. It is
 * a CTE of the batch's first statement, so it is computed from all the batch's entries (a
 * redelivered one only widens what is locked: sessions no new access touches are left alone).
 */
export const LOCK_TOUCHED = (p: number) => `
  SELECT json_build_object('id', s.id::text, 'videoKey', s.video_key, 'userId', s.user_id,
           'sessionRef', s.session_ref, 'startedAt', s.started_at, 'endedAt', s.ended_at,
           'accesses', s.accesses, 'bytesSent', s.bytes_sent, 'countedView', s.counted_view)::text AS j
    FROM unnest($${p + 1}::text[], $${p + 2}::text[], $${p + 3}::text[], $${p + 4}::timestamptz[],
                $${p + 5}::timestamptz[]) AS k(video_key, user_id, session_ref, lo, hi)
    JOIN playback_sessions s
      ON s.video_key = k.video_key AND s.user_id = k.user_id AND s.session_ref = k.session_ref
     AND s.started_at <= k.hi AND s.ended_at >= k.lo
   ORDER BY s.id
     FOR UPDATE OF s`;

/** The merged-away sessions go and the merged ones come, as CTEs of the rollups' statement. */
export const REPLACE = (p: number) => `
  removed AS (DELETE FROM playback_sessions WHERE id = ANY($${p + 9}::bigint[])),
  added AS (
    INSERT INTO playback_sessions (video_key, user_id, session_ref, started_at, ended_at, accesses,
                                   bytes_sent, counted_view)
    SELECT * FROM unnest($${p + 1}::text[], $${p + 2}::text[], $${p + 3}::text[], $${p + 4}::timestamptz[],
                         $${p + 5}::timestamptz[], $${p + 6}::int[], $${p + 7}::bigint[], $${p + 8}::boolean[]))`;

const viewerKey = (v: ViewerKey) =>
  `${v.videoKey}\u0000${v.userId}\u0000${v.sessionRef}`;

function byViewer(
  entries: readonly AccessLogEntry[],
): Map<string, ViewerKey & { accesses: SessionAccess[] }> {
  const viewers = new Map<string, ViewerKey & { accesses: SessionAccess[] }>();
  for (const e of entries) {
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
  return viewers;
}

const gapOf = (v: ViewerKey, rules: AnalyticsRules) =>
  v.sessionRef ? Infinity : rules.inactivityMs;

/** The parameters of LOCK_TOUCHED: each viewer's accesses widened by one window each side. */
export function lockParams(
  entries: readonly AccessLogEntry[],
  rules: AnalyticsRules,
): unknown[] {
  const list = [...byViewer(entries).values()];
  const bound = (v: (typeof list)[number], sign: 1 | -1) => {
    const gap = gapOf(v, rules);
    if (gap === Infinity) return sign < 0 ? '-infinity' : 'infinity';
    let edge = sign < 0 ? Infinity : -Infinity;
    for (const a of v.accesses)
      edge = sign < 0 ? Math.min(edge, a.at) : Math.max(edge, a.at);
    return new Date(edge + sign * gap).toISOString();
  };
  return [
    list.map((v) => v.videoKey),
    list.map((v) => v.userId),
    list.map((v) => v.sessionRef),
    list.map((v) => bound(v, -1)),
    list.map((v) => bound(v, 1)),
  ];
}

/**
 * Folds the new accesses into the stored sessions (ADR 0024), records in `deltas` what that
 * changes in the rollups (a merged-away session is taken back from its hour, the merged one
 * added) and returns the parameters of REPLACE.
 */
export function mergeIntoSessions(
  fresh: readonly AccessLogEntry[],
  locked: readonly SessionJson[],
  rules: AnalyticsRules,
  deltas: HourAndDayDeltas,
): unknown[] {
  const storedBy = new Map<string, StoredSession[]>();
  for (const r of locked) {
    const key = viewerKey(r);
    const sessions = storedBy.get(key) ?? [];
    sessions.push({
      id: r.id,
      startedAt: Date.parse(r.startedAt),
      endedAt: Date.parse(r.endedAt),
      accesses: r.accesses,
      bytesSent: Number(r.bytesSent),
      countedView: r.countedView,
    });
    storedBy.set(key, sessions);
  }
  const removedIds: string[] = [];
  const added: (NewSession & ViewerKey)[] = [];
  for (const [key, viewer] of byViewer(fresh)) {
    const merge = mergeSessions(
      storedBy.get(key) ?? [],
      viewer.accesses,
      gapOf(viewer, rules),
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
  return [
    added.map((s) => s.videoKey),
    added.map((s) => s.userId),
    added.map((s) => s.sessionRef),
    added.map((s) => new Date(s.startedAt).toISOString()),
    added.map((s) => new Date(s.endedAt).toISOString()),
    added.map((s) => s.accesses),
    added.map((s) => s.bytesSent),
    added.map((s) => s.countedView),
    removedIds,
  ];
}
