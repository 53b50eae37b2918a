import { isView, type AnalyticsRules } from './analytics-rules';

/** A session as stored: its bounds (epoch ms) and what it added to the rollups. */
export interface StoredSession {
  id: string;
  startedAt: number;
  endedAt: number;
  accesses: number;
  bytesSent: number;
  countedView: boolean;
}

export type NewSession = Omit<StoredSession, 'id'>;

/** One new access of the viewer to the video. */
export interface SessionAccess {
  at: number;
  bytesSent: number;
}

export interface SessionMerge {
  /** Stored sessions that the new accesses joined; they are replaced by `added`. */
  removed: StoredSession[];
  added: NewSession[];
}

interface Item {
  start: number;
  end: number;
  stored?: StoredSession;
  access?: SessionAccess;
}

/**
 * Places new accesses of one viewer to one video among the stored sessions that may touch them.
 * Accesses no further than `gapMs` from each other or from a session form one session, whatever
 * order they arrive in: a late access can extend a session backwards, or join two sessions into
 * one. `gapMs` is Infinity for accesses that share a sessionId. Sessions the new accesses do not
 * touch are left alone.
 */
export function mergeSessions(
  stored: readonly StoredSession[],
  accesses: readonly SessionAccess[],
  gapMs: number,
  rules: AnalyticsRules,
): SessionMerge {
  const items: Item[] = [
    ...stored.map((s) => ({ start: s.startedAt, end: s.endedAt, stored: s })),
    ...accesses.map((a) => ({ start: a.at, end: a.at, access: a })),
  ].sort((a, b) => a.start - b.start);
  const merge: SessionMerge = { removed: [], added: [] };
  let cluster: Item[] = [];
  let clusterEnd = -Infinity;
  const close = () => {
    if (cluster.some((i) => i.access)) {
      merge.removed.push(
        ...cluster.flatMap((i) => (i.stored ? [i.stored] : [])),
      );
      merge.added.push(combine(cluster, rules));
    }
    cluster = [];
  };
  for (const item of items) {
    if (cluster.length && item.start - clusterEnd > gapMs) close();
    cluster.push(item);
    clusterEnd =
      cluster.length === 1 ? item.end : Math.max(clusterEnd, item.end);
  }
  close();
  return merge;
}

function combine(items: readonly Item[], rules: AnalyticsRules): NewSession {
  let startedAt = Infinity;
  let endedAt = -Infinity;
  let accesses = 0;
  let bytesSent = 0;
  for (const { start, end, stored, access } of items) {
    startedAt = Math.min(startedAt, start);
    endedAt = Math.max(endedAt, end);
    accesses += stored ? stored.accesses : 1;
    bytesSent += stored ? stored.bytesSent : (access?.bytesSent ?? 0);
  }
  return {
    startedAt,
    endedAt,
    accesses,
    bytesSent,
    countedView: isView(endedAt - startedAt, bytesSent, rules),
  };
}

/** Watch time of a session: from its first access to its last (ADR 0024). */
export const watchMs = (s: Pick<StoredSession, 'startedAt' | 'endedAt'>) =>
  s.endedAt - s.startedAt;
