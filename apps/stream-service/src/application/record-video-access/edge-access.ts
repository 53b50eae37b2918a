import type { AccessOutcome } from '@video-streaming/contracts';
import type { VideoAccess } from './record-video-access.use-case';

/**
 * What stream-service knows of an access it hands to the edge gateway (ADR 0021): everything the
 * event needs except what only the gateway learns (status, bytes sent, completion, timing). It
 * travels base64url-encoded in a response header, is written by the gateway into the completion
 * record, and comes back to the shipper with the access id, which becomes the event id.
 */
export type EdgeAccessContext = Omit<
  VideoAccess,
  'status' | 'bytesSent' | 'durationMs' | 'outcome' | 'refusalCode'
>;

/** One line of the gateway's completion log, as its log_format writes it. */
export interface EdgeCompletionRecord {
  id: string;
  time: string;
  status: number;
  bytesSent: number;
  /** nginx's $request_completion: "OK" when the whole response was sent. */
  completion: string;
  requestTimeSeconds: number;
  context: string;
}

const MAX_FIELD = 512;
const clip = (value: string | null | undefined) =>
  value == null ? null : value.slice(0, MAX_FIELD);

export function encodeEdgeAccess(context: EdgeAccessContext): string {
  const compact = {
    ...context,
    filename: typeof context.filename === 'string' ? context.filename : null,
    userId: context.userId?.slice(0, 256),
    range: clip(context.range),
    userAgent: clip(context.userAgent),
    traceparent: clip(context.traceparent),
    tracestate: clip(context.tracestate),
  };
  return Buffer.from(JSON.stringify(compact)).toString('base64url');
}

/** The access a completion record describes; throws on a record that is not ours. */
export function accessOfCompletion(record: EdgeCompletionRecord): VideoAccess {
  const context = JSON.parse(
    Buffer.from(record.context, 'base64url').toString('utf8'),
  ) as EdgeAccessContext;
  return {
    ...context,
    userId: context.userId ?? undefined,
    ip: context.ip ?? undefined,
    status: record.status,
    bytesSent: record.bytesSent,
    durationMs: record.requestTimeSeconds * 1000,
    outcome: outcomeOf(record),
  };
}

function outcomeOf(record: EdgeCompletionRecord): AccessOutcome {
  if (record.status >= 500) return 'failed';
  return record.completion === 'OK' ? 'completed' : 'aborted';
}
