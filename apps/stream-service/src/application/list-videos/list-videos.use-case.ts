import { Inject, Injectable } from '@nestjs/common';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
  type VideoListPage,
} from '../../domain/object-storage.port';
import { isDerivedObjectKey } from '../../domain/video-key';
import { encodeCursor, parseListQuery } from './list-query';

const MAX_STORAGE_READS = 20;

/**
 * One page of the catalogue; the cursor is opaque and comes from the previous page. Renditions
 * and uploads in progress share the bucket and are left out; after MAX_STORAGE_READS storage
 * pages a page may hold fewer than `limit` videos while more follow.
 */
@Injectable()
export class ListVideosUseCase {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  async execute(query: {
    cursor?: unknown;
    limit?: unknown;
  }): Promise<VideoListPage> {
    const { token, limit } = parseListQuery(query);
    const items: VideoListPage['items'] = [];
    let next: string | null = token ?? null;
    // Renditions and staged uploads share the bucket: keep reading (never past `limit` keys in
    // all) until the page has `limit` videos, so hidden objects do not leave it empty.
    for (let reads = 0; reads < MAX_STORAGE_READS; reads++) {
      const page = await this.storage.list(
        next ?? undefined,
        limit - items.length,
      );
      items.push(...page.items.filter((item) => !isDerivedObjectKey(item.key)));
      next = page.nextToken;
      if (next === null || items.length >= limit) break;
    }
    return { items, nextCursor: next === null ? null : encodeCursor(next) };
  }
}
