import type { VideoMetadata } from '../../domain/object-storage.port';

/**
 * HeadObject results kept for a couple of seconds: a player's burst of range requests then costs
 * one S3 round trip before the first byte instead of two. Writes and deletes in this process
 * evict at once; other replicas see a change after at most the TTL.
 */
export class MetadataCache {
  private readonly entries = new Map<
    string,
    { value: VideoMetadata; until: number }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): VideoMetadata | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > Date.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: VideoMetadata): void {
    if (this.ttlMs <= 0) return;
    // Map keeps insertion order: the first key is the oldest.
    if (this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, until: Date.now() + this.ttlMs });
  }

  evict(key: string): void {
    this.entries.delete(key);
  }
}
