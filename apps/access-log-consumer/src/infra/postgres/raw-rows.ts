import type pg from 'pg';
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

const INSERT = `
  INSERT INTO access_logs (${COLUMNS.map(([name]) => name).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT (event_id, occurred_at) DO NOTHING
  RETURNING event_id`;

/**
 * One INSERT ... SELECT FROM unnest of one array per column (ADR 0011), skipping stored events
 * (ADR 0023). Returns the entries it added: only those may count in the rollups.
 */
export async function insertRawRows(
  client: pg.PoolClient,
  entries: readonly AccessLogEntry[],
): Promise<AccessLogEntry[]> {
  const { rows } = await client.query<{ event_id: string }>(
    INSERT,
    COLUMNS.map(([, , pick]) => entries.map(pick)),
  );
  if (rows.length === entries.length) return [...entries];
  const added = new Set(rows.map((r) => r.event_id));
  return entries.filter((e) => added.has(e.eventId.toLowerCase()));
}
