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

export function decodeCursor(cursor: string): CursorPosition | undefined {
  const match = /^(\d{1,15}):(\d{1,19})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match) return undefined;
  const occurredAt = new Date(Number(match[1]));
  const id = BigInt(match[2]);
  if (Number.isNaN(occurredAt.getTime()) || id > 9_223_372_036_854_775_807n)
    return undefined;
  return { occurredAt, id };
}
