import { DomainError } from '@video-streaming/platform';
import { VideoErrorCode } from '../../domain/video.errors';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 1000;
const MAX_CURSOR_CHARS = 2048;

// The cursor wraps the storage's continuation token so clients treat it as opaque and we may change it.
const PREFIX = 'v1:';
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface ListQuery {
  /** The storage's own continuation token, decoded and checked; undefined for the first page. */
  token: string | undefined;
  limit: number;
}

export const encodeCursor = (token: string): string =>
  Buffer.from(PREFIX + token, 'utf8').toString('base64url');

/**
 * The one place `cursor` and `limit` are decoded and validated: whatever reaches the storage is a
 * token this service could have issued. A cursor that decodes to control characters, invalid
 * UTF-8 or anything without our prefix is the client's mistake (400), never a storage error (500).
 */
export function parseListQuery(query: {
  cursor?: unknown;
  limit?: unknown;
}): ListQuery {
  return { token: parseCursor(query.cursor), limit: parseLimit(query.limit) };
}

function parseLimit(raw: unknown): number {
  if (raw === undefined || raw === '') return DEFAULT_LIST_LIMIT;
  const n = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : 0;
  if (n < 1 || n > MAX_LIST_LIMIT)
    throw invalidListQuery(
      `limit must be an integer from 1 to ${MAX_LIST_LIMIT}`,
    );
  return n;
}

function parseCursor(raw: unknown): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > MAX_CURSOR_CHARS)
    throw invalidListQuery('cursor must be a single opaque string');
  const token = decodeToken(raw);
  if (token === undefined)
    throw invalidListQuery('cursor is not one this service issued');
  return token;
}

function decodeToken(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const bytes = Buffer.from(cursor, 'base64url');
  // Buffer ignores stray bits and bad lengths: only the canonical encoding of its bytes is ours.
  if (bytes.toString('base64url') !== cursor) return undefined;
  let decoded: string;
  try {
    decoded = strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
  const token = decoded.startsWith(PREFIX) ? decoded.slice(PREFIX.length) : '';
  // eslint-disable-next-line no-control-regex
  if (token.length === 0 || /[\u0000-\u001f\u007f-\u009f]/.test(token))
    return undefined;
  return token;
}

export const invalidListQuery = (message: string) =>
  new DomainError(VideoErrorCode.invalidListQuery, message);
