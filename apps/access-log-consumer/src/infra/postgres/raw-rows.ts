import type { AccessLogEntry } from '../../domain/access-log';

const COLUMNS: [string, string, (e: AccessLogEntry) => unknown][] = [
  ['event_id', 'uuid', (e) => e.eventId],
  ['occurred_at', 'timestamptz', (e) => e.occurredAt.toISOString()],
  ['user_id', 'text', (e) => e.userId],
  ['video_key', 'text', (e) => e.videoKey],
  ['method', 'text', (e) => e.method],
  ['range', 'text', (e) => e.range],
  ['status', 'int', (e) => e.status],
  ['bytes_sent', 'bigint', (e) => e.bytesSent],
  ['duration_ms', 'float8', (e) => e.durationMs],
  ['outcome', 'text', (e) => e.outcome],
  ['user_agent', 'text', (e) => e.userAgent],
  ['client_ip', 'text', (e) => e.clientIp],
  ['trace_id', 'text', (e) => e.traceId],
  ['refusal_reason', 'text', (e) => e.refusalReason],
  ['requested_name', 'text', (e) => e.requestedName],
  ['requested_name_truncated', 'boolean', (e) => e.requestedNameTruncated],
  ['session_id', 'text', (e) => e.sessionId],
];

/**
 * One INSERT ... SELECT FROM unnest of one array per column (ADR 0011), skipping stored events
 * (ADR 0023), as the `raw` CTE of the batch's first statement: the rows it returns are the ones
 * it added, and only those may count in the viewers, sessions and rollups.
 */
export const RAW_INSERT = `
  INSERT INTO access_logs (${COLUMNS.map(([name]) => name).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT (event_id, occurred_at) DO NOTHING
  RETURNING event_id, video_key, user_id, occurred_at, status`;

/** The parameters of RAW_INSERT, $1 to $RAW_PARAMS. */
export const rawParams = (entries: readonly AccessLogEntry[]): unknown[] =>
  COLUMNS.map(([, , pick]) => entries.map(pick));
export const RAW_PARAMS = COLUMNS.length;

/** The entries whose event ids the insert returned (PostgreSQL prints uuids in lower case). */
export function freshEntries(
  entries: readonly AccessLogEntry[],
  added: ReadonlySet<string>,
): AccessLogEntry[] {
  if (added.size === entries.length) return [...entries];
  return entries.filter((e) => added.has(e.eventId.toLowerCase()));
}
