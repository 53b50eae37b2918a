/**
 * A FIFO with a hard bound: when full, the oldest entry makes room for the newest and is counted
 * as dropped. Recent accesses are worth more than old ones when Kafka stays away too long.
 */
export class BoundedEventBuffer<T> {
  private items: T[] = [];

  constructor(private readonly max: number) {}

  get size(): number {
    return this.items.length;
  }

  /** Returns the old entries dropped to fit this one. */
  push(item: T): T[] {
    this.items.push(item);
    return this.trim();
  }

  take(count: number): T[] {
    return this.items.splice(0, count);
  }

  /** Puts back a batch that could not be sent, ahead of newer entries, keeping the bound. Returns drops. */
  returnToFront(batch: T[]): T[] {
    this.items = batch.concat(this.items);
    return this.trim();
  }

  private trim(): T[] {
    const excess = this.items.length - this.max;
    return excess > 0 ? this.items.splice(0, excess) : [];
  }
}
