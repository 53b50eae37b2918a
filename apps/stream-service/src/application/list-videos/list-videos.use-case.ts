import { Inject, Injectable } from '@nestjs/common';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
  type VideoListPage,
} from '../../domain/object-storage.port';
import { isDerivedObjectKey } from '../../domain/video-key';
import { encodeCursor, parseListQuery } from './list-query';

/**
 * One page of the catalogue; the cursor is opaque and comes from the previous page. Renditions
 * and uploads in progress share the bucket and are left out, so a page may hold fewer than
 * `limit` items while more follow.
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
    const page = await this.storage.list(token, limit);
    return {
      items: page.items.filter((item) => !isDerivedObjectKey(item.key)),
      nextCursor: page.nextToken === null ? null : encodeCursor(page.nextToken),
    };
  }
}
