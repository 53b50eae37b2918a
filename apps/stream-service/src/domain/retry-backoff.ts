const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5000;

/**
 * The wait before the next attempt after a failed round of sending to Kafka (the access events'
 * batches, the edge shipper's rounds): from 200 ms, doubled at each failure in a row, at most 5 s.
 * `previousMs` is 0 after a success.
 */
export function nextRetryMs(previousMs: number): number {
  return Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, previousMs * 2));
}
