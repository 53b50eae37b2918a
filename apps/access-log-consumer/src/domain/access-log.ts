import type {
  AccessOutcome,
  VideoAccessedEvent,
} from '@video-streaming/contracts';

/** One stored access: a `video-accessed` event as the query API sees it. */
export interface AccessLogEntry {
  eventId: string;
  occurredAt: Date;
  userId: string;
  videoKey: string;
  method: string;
  range: string | null;
  status: number;
  bytesSent: number;
  durationMs: number;
  outcome: AccessOutcome;
  userAgent: string | null;
  clientIp: string | null;
  traceId: string | null;
  /** From the optional `refusal` of refused requests (ADR 0016); null on older events. */
  refusalReason: string | null;
  requestedName: string | null;
  requestedNameTruncated: boolean | null;
  /** The playback session issued with the playback URL (optional in v1); null when absent. */
  sessionId: string | null;
}

export interface StoredAccessLog extends AccessLogEntry {
  /** Insertion order; with occurredAt it totally orders the log for cursor paging. */
  id: bigint;
  recordedAt: Date;
}

/** W3C traceparent: version-traceid-spanid-flags; only the trace id is worth a column. */
const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

export function toAccessLogEntry(event: VideoAccessedEvent): AccessLogEntry {
  return {
    eventId: event.eventId,
    occurredAt: new Date(event.occurredAt),
    userId: event.userId,
    videoKey: event.videoKey,
    method: event.request.method,
    range: event.request.range,
    status: event.request.status,
    bytesSent: event.request.bytesSent,
    durationMs: event.request.durationMs,
    outcome: event.request.outcome,
    userAgent: event.client.userAgent,
    clientIp: event.client.ipAnonymised,
    traceId: TRACEPARENT.exec(event.trace.traceparent ?? '')?.[1] ?? null,
    refusalReason: event.refusal?.reason ?? null,
    requestedName: event.refusal?.requestedName ?? null,
    requestedNameTruncated: event.refusal?.requestedNameTruncated ?? null,
    sessionId: event.sessionId ?? null,
  };
}

/** Producers' clocks may run a little ahead; a day covers any sane skew. */
const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;
const EARLIEST = Date.UTC(1970, 0, 1);

/**
 * Why a schema-valid event still cannot be an access-log row, or undefined. The contract accepts
 * any ISO date-time, PostgreSQL not year 0 or beyond 9999; such an event would otherwise fail its
 * batch's insert forever and stop the partition, so it goes to the dead letters instead.
 */
export function unstorableReason(
  entry: AccessLogEntry,
  now = Date.now(),
): string | undefined {
  const at = entry.occurredAt.getTime();
  if (Number.isNaN(at) || at < EARLIEST || at > now + MAX_CLOCK_SKEW_MS) {
    return `out of range: occurredAt ${Number.isNaN(at) ? 'invalid' : entry.occurredAt.toISOString()} is before 1970 or more than a day ahead`;
  }
  return undefined;
}
