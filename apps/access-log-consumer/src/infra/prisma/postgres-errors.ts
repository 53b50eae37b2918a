/**
 * SQLSTATE classes that describe the data, not the connection: 22 (data exception: invalid byte
 * sequence, value out of range, bad datetime) and 23 (integrity constraint), except 23505, which
 * ON CONFLICT DO NOTHING already absorbs. The same rows get the same answer on every retry.
 */
const PERMANENT_SQLSTATE = /^(22|23(?!505))/;
/** Prisma's own checks of a value before it reaches PostgreSQL (too long, out of range, invalid). */
const PERMANENT_PRISMA_CODES = new Set([
  'P2000',
  'P2005',
  'P2006',
  'P2007',
  'P2020',
]);

interface PrismaLikeError {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
}

/** The SQLSTATE behind a Prisma error (driver adapters nest it in meta), if any. */
export function sqlState(error: unknown): string | undefined {
  const e = error as PrismaLikeError | undefined;
  const code = e?.meta?.driverAdapterError?.cause?.originalCode;
  return typeof code === 'string' ? code : undefined;
}

export function isPermanentDataError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const state = sqlState(error);
  if (state) return PERMANENT_SQLSTATE.test(state);
  const code = (error as PrismaLikeError).code;
  return typeof code === 'string' && PERMANENT_PRISMA_CODES.has(code);
}
