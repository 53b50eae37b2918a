/**
 * Restarts a consumer that has stayed out of its group too long. After a broker restart kafkajs
 * can answer a "coordinator is loading" JoinGroup error and then wait forever, neither rejoining
 * nor crashing (seen in the system e2e's Kafka fault): readiness said so, but nothing recovered.
 * Reconnecting the consumer gets it a fresh coordinator lookup. A normal rebalance takes seconds;
 * the limit is far above that.
 */
export class RejoinWatchdog {
  private outSince: number | undefined;
  private restarting = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly limitMs: number,
    private readonly restart: (outForMs: number) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {
    this.outSince = now();
  }

  joined(): void {
    this.outSince = undefined;
  }

  left(): void {
    this.outSince ??= this.now();
  }

  start(intervalMs = 5_000): void {
    this.timer ??= setInterval(() => void this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Restarts once the consumer has been out for the limit; true when it did. */
  async check(): Promise<boolean> {
    if (this.restarting || this.outSince === undefined) return false;
    const outFor = this.now() - this.outSince;
    if (outFor < this.limitMs) return false;
    this.restarting = true;
    try {
      await this.restart(outFor);
    } finally {
      this.restarting = false;
      // Still out after the restart: give the new attempt the whole limit again.
      if (this.outSince !== undefined) this.outSince = this.now();
    }
    return true;
  }
}
