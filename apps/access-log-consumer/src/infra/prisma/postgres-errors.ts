/**
 * SQLSTATE classes that describe the data, not the connection: 22 (data exception: invalid byte
 * sequence, value out of range, bad datetime) and 23 (integrity constraint), except 23505, which
 * ON CONFLICT DO NOTHING already absorbs. The same rows get the same answer on every retry.
 */
export const PERMANENT_SQLSTATE = /^(22|23(?!505))/;
/** Prisma's own checks of a value before it reaches PostgreSQL (too long, out of range, invalid). */
const PERMANENT_PRISMA_CODES = new Set([
  'P2000',
  'P2005',
  'P2006',
  'P2007',
  'P2020',
]);

interface DriverCause {
  originalCode?: unknown;
  originalMessage?: unknown;
}

interface PrismaLikeError {
  code?: unknown;
  /** A raw query's error (P2010) carries the driver's in meta. */
  meta?: { driverAdapterError?: { cause?: DriverCause } };
  /** createMany lets the DriverAdapterError itself through. */
  cause?: DriverCause;
}

function driverCause(error: unknown): DriverCause | undefined {
  const e = error as PrismaLikeError | undefined;
  return e?.meta?.driverAdapterError?.cause ?? e?.cause;
}

/** The SQLSTATE behind a Prisma error, if any. */
export function sqlState(error: unknown): string | undefined {
  const code = driverCause(error)?.originalCode;
  return typeof code === 'string' ? code : undefined;
}

/** PostgreSQL's own words ("bigint out of range"), not Prisma's multi-line invocation dump. */
export function driverMessage(error: unknown): string {
  const message = driverCause(error)?.originalMessage;
  if (typeof message === 'string') return message;
  return (error as Error).message?.split('\n').at(-1) ?? 'refused';
}

export function isPermanentDataError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const state = sqlState(error);
  if (state) return PERMANENT_SQLSTATE.test(state);
  const code = (error as PrismaLikeError).code;
  return typeof code === 'string' && PERMANENT_PRISMA_CODES.has(code);
}

/** The same rule for node-postgres' own errors (DatabaseError.code is the SQLSTATE). */
export function isPermanentPgError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    error instanceof Error &&
    typeof code === 'string' &&
    /^[0-9A-Z]{5}$/.test(code) &&
    !code.startsWith('P') &&
    PERMANENT_SQLSTATE.test(code)
  );
}
