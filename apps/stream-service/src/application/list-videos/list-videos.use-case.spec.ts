import type {
  ObjectStorage,
  StoragePage,
} from '../../domain/object-storage.port';
import { ListVideosUseCase } from './list-videos.use-case';

const item = (key: string) => ({
  key,
  size: 1,
  etag: '"e"',
  lastModified: new Date(0),
});

/** A bucket of keys in S3's order, paged like ListObjectsV2 (the token is the next index). */
function aBucket(keys: string[]): { storage: ObjectStorage; reads: number[] } {
  const reads: number[] = [];
  const list = async (
    token: string | undefined,
    limit: number,
  ): Promise<StoragePage> => {
    reads.push(limit);
    const start = Number(token ?? 0);
    const end = Math.min(start + limit, keys.length);
    return {
      items: keys.slice(start, end).map(item),
      nextToken: end < keys.length ? String(end) : null,
    };
  };
  return { storage: { list } as unknown as ObjectStorage, reads };
}

describe('ListVideosUseCase', () => {
  it('fills a page with videos past the staged uploads and renditions that sort first', async () => {
    const hidden = [...Array(7)].map((_, i) => `.uploads/${i}.info`);
    const { storage, reads } = aBucket([
      ...hidden,
      'a.mp4',
      'b.mp4',
      'hls/a.mp4/master.m3u8',
      'c.mp4',
      'd.mp4',
    ]);
    const page = await new ListVideosUseCase(storage).execute({ limit: '3' });
    expect(page.items.map((v) => v.key)).toEqual(['a.mp4', 'b.mp4', 'c.mp4']);
    expect(page.nextCursor).not.toBeNull();
    // Never more keys per read than the videos still missing from the page.
    expect(reads.every((n) => n <= 3)).toBe(true);
    const rest = await new ListVideosUseCase(storage).execute({
      limit: '3',
      cursor: page.nextCursor ?? undefined,
    });
    expect(rest.items.map((v) => v.key)).toEqual(['d.mp4']);
    expect(rest.nextCursor).toBeNull();
  });
});
