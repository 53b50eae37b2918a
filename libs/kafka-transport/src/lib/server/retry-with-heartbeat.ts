import { backoffDelay } from './backoff';

export interface RetryControl {
  /** kafkajs' heartbeat: throws when the group is rebalancing, which abandons the batch. */
  heartbeat(): Promise<void>;
  /** True once the consumer is stopping or the batch went stale (partition reassigned). */
  shouldStop(): boolean;
  onRetry(attempt: number, error: unknown, delayMs: number): void;
}

export interface RetryPolicy {
  initialMs: number;
  maxMs: number;
  /** Longest sleep between two heartbeats; below the session timeout, or the group evicts us. */
  heartbeatMs: number;
}

export type RetryOutcome<T> = { done: true; value: T } | { done: false };

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Retries `attempt` until it succeeds, heartbeating while it waits so a long PostgreSQL outage
 * neither loses the partition nor makes the group rebalance. Gives up only when told to stop;
 * then nothing was committed and the batch is delivered again.
 */
export async function retryWithHeartbeat<T>(
  attempt: () => Promise<T>,
  control: RetryControl,
  policy: RetryPolicy,
): Promise<RetryOutcome<T>> {
  for (let n = 1; ; n++) {
    try {
      return { done: true, value: await attempt() };
    } catch (error) {
      if (control.shouldStop()) return { done: false };
      const delay = backoffDelay(n, policy.initialMs, policy.maxMs);
      control.onRetry(n, error, delay);
      for (let waited = 0; waited < delay; waited += policy.heartbeatMs) {
        await sleep(Math.min(policy.heartbeatMs, delay - waited));
        if (control.shouldStop()) return { done: false };
        await control.heartbeat();
      }
    }
  }
}
