import type { S3UrlPresigner } from './s3-url-presigner';

/**
 * Presigned GET URLs per key, reused for `reuseSeconds` and signed for twice as long: signing is
 * cheap but not free, and a video being watched is asked for many times a minute.
 */
export class PresignedUrlCache {
  private readonly urls = new Map<string, { url: string; until: number }>();

  constructor(
    private readonly presigner: S3UrlPresigner,
    private readonly reuseSeconds: number,
    private readonly maxEntries = 10_000,
  ) {}

  async urlFor(key: string): Promise<string> {
    const cached = this.urls.get(key);
    if (cached && cached.until > Date.now()) return cached.url;
    const url = await this.presigner.presignGet(key, this.reuseSeconds * 2);
    if (this.urls.size >= this.maxEntries) this.urls.clear();
    this.urls.set(key, { url, until: Date.now() + this.reuseSeconds * 1000 });
    return url;
  }

  forget(key: string): void {
    this.urls.delete(key);
  }
}
