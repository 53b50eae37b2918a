/**
 * Exponential backoff with full jitter: consumers that failed together do not retry together.
 * `random` is injectable so tests are deterministic.
 */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(initialMs / 2, Math.round(ceiling * random()));
}
