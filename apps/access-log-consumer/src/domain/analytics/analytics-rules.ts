/**
 * What the analytics count (docs/analytics.md, ADR 0024). An access is one HTTP request; a
 * playback session groups one viewer's accesses to one video; a view is a session that reached
 * the threshold below.
 */
export interface AnalyticsRules {
  /** Two accesses further apart than this (without a sessionId) belong to different sessions. */
  inactivityMs: number;
  /** A session whose watch time reaches this is a view... */
  viewMinWatchMs: number;
  /** ...and so is one that was served at least this many bytes (a file fetched in one request). */
  viewMinBytes: number;
}

export const DEFAULT_ANALYTICS_RULES: AnalyticsRules = {
  inactivityMs: 30 * 60_000,
  viewMinWatchMs: 10_000,
  viewMinBytes: 2 * 1024 * 1024,
};

/** Refused and failed requests (4xx, 5xx) are accesses, but nobody watched anything through them. */
export const isPlayback = (status: number): boolean => status < 400;

export const isView = (
  watchMs: number,
  bytesSent: number,
  rules: AnalyticsRules,
): boolean =>
  watchMs >= rules.viewMinWatchMs || bytesSent >= rules.viewMinBytes;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Buckets are UTC hours and UTC days, whatever the server's time zone. */
export const hourStart = (ms: number): number =>
  Math.floor(ms / HOUR_MS) * HOUR_MS;
export const dayStart = (ms: number): number =>
  Math.floor(ms / DAY_MS) * DAY_MS;
/** A UTC day as PostgreSQL's `date` text: 2026-12-01. */
export const dayKey = (ms: number): string =>
  new Date(dayStart(ms)).toISOString().slice(0, 10);
