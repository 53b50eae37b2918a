import { DomainError } from '@video-streaming/platform';
import { AuthErrorCode } from '../../domain/auth.errors';
import { Prisma } from './generated';

/**
 * Prisma codes meaning "the database is not there right now" (unreachable, connection closed,
 * timed out, pool exhausted): the caller should retry, so 503, not a 500 that looks like a bug.
 */
const OUTAGE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

export async function duringOutageAnswer503<T>(
  operation: Promise<T>,
): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    const outage =
      (error instanceof Prisma.PrismaClientKnownRequestError &&
        OUTAGE_CODES.has(error.code)) ||
      error instanceof Prisma.PrismaClientInitializationError;
    if (outage)
      throw new DomainError(
        AuthErrorCode.DatabaseUnavailable,
        'The user database is unavailable, retry shortly',
      );
    throw error;
  }
}
