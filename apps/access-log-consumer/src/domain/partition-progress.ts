/** What the brokers say about one partition: its end, its start, and the group's committed offset. */
export interface PartitionOffsets {
  partition: number;
  high: bigint;
  low: bigint;
  /** null when the group has committed nothing yet (it then starts from the beginning). */
  committed: bigint | null;
}

export interface PartitionState {
  partition: number;
  /** high watermark - committed offset: messages the group has not yet stored. */
  lag: bigint;
  /** How long it has had lag without its committed offset moving; 0 when it moves or has no lag. */
  stalledSeconds: number;
  stalled: boolean;
}

/**
 * Stall detection: a partition with lag whose committed offset stays put for `stallMs` is stuck
 * (a batch retried in place), even though the consumer is connected and the group joined.
 */
export class PartitionProgress {
  private readonly lastMove = new Map<
    number,
    { position: bigint; at: number }
  >();

  constructor(private readonly stallMs: number) {}

  observe(offsets: readonly PartitionOffsets[], now: number): PartitionState[] {
    return offsets.map(({ partition, high, low, committed }) => {
      const position = committed ?? low;
      const lag = high > position ? high - position : 0n;
      const last = this.lastMove.get(partition);
      if (!last || last.position !== position || lag === 0n)
        this.lastMove.set(partition, { position, at: now });
      const since = this.lastMove.get(partition)?.at ?? now;
      const stalledMs = lag > 0n ? now - since : 0;
      return {
        partition,
        lag,
        stalledSeconds: Math.floor(stalledMs / 1000),
        stalled: stalledMs >= this.stallMs,
      };
    });
  }
}
