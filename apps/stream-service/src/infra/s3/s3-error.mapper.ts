import { DomainError } from '@video-streaming/platform';
import { VideoErrorCode } from '../../domain/video.errors';

const NOT_FOUND_NAMES = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);

interface S3LikeError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * The one place where S3's failures become domain errors: a missing key is the caller's
 * problem (404); an unreachable, slow or failing S3 is ours, and temporary (503 + Retry-After).
 * An abort caused by the client leaving is passed through untouched.
 */
export function mapS3Error(error: unknown, key?: string): Error {
  // Our own errors (e.g. a size limit hit while a body is read) and client aborts pass through.
  if (error instanceof DomainError) return error;
  const e = (error ?? {}) as S3LikeError;
  if (e.name === 'AbortError') return error as Error;
  const status = e.$metadata?.httpStatusCode;
  if (NOT_FOUND_NAMES.has(e.name ?? '') || status === 404)
    return new DomainError(
      VideoErrorCode.notFound,
      key ? `Video not found: ${key}` : 'Video not found',
    );
  if (
    e.name === 'TimeoutError' ||
    UNREACHABLE_CODES.has(e.code ?? '') ||
    status === undefined ||
    status >= 500
  )
    return new DomainError(
      VideoErrorCode.storageUnavailable,
      'Video storage is unavailable, retry later',
    );
  return error as Error;
}
