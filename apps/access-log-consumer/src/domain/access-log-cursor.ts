import type { CursorPosition } from './access-log-query';

/**
 * Opaque to clients (base64url of "<epoch ms>:<id>"), so the paging key can change without
 * breaking them; decode returns undefined for anything that was not produced by encode.
 */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(
    `${position.occurredAt.getTime()}:${position.id}`,
  ).toString('base64url');
}

/** PostgreSQL's timestamptz ends with year 9999; a position beyond it could not be queried. */
const END_OF_9999 = Date.UTC(10000, 0, 1);

export function decodeCursor(cursor: string): CursorPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return undefined;
  const match = /^(\d{1,15}):(\d{1,19})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match) return undefined;
  const occurredAt = new Date(Number(match[1]));
  const id = BigInt(match[2]);
  if (occurredAt.getTime() >= END_OF_9999 || id > 9_223_372_036_854_775_807n)
    return undefined;
  const position = { occurredAt, id };
  // Only the exact text encode produced: base64url decoding ignores stray characters and padding.
  return encodeCursor(position) === cursor ? position : undefined;
}
