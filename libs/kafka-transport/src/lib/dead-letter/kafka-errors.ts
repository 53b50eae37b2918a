/**
 * Broker answers that the same request will get again, however often it is retried: the records
 * themselves are refused (too large, invalid). Everything else (leader moved, broker down, timeout)
 * may pass on a later attempt.
 */
const PERMANENT_TYPES = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
]);
const PERMANENT_MESSAGE =
  /larger than the max message size|record.*too large|too large.*record/i;

/** kafkajs wraps the broker's error (KafkaJSNonRetriableError.cause, aggregate `errors`): look inside. */
export function isPermanentKafkaError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as {
    type?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof e.type === 'string' && PERMANENT_TYPES.has(e.type)) return true;
  if (typeof e.message === 'string' && PERMANENT_MESSAGE.test(e.message))
    return true;
  if (
    Array.isArray(e.errors) &&
    e.errors.some((x) => isPermanentKafkaError(x, depth + 1))
  )
    return true;
  return e.cause !== error && isPermanentKafkaError(e.cause, depth + 1);
}
