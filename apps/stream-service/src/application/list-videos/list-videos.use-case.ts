import { Inject, Injectable } from '@nestjs/common';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
  type VideoListPage,
} from '../../domain/object-storage.port';
import { encodeCursor, parseListQuery } from './list-query';

/** One page of the catalogue; the cursor is opaque and comes from the previous page. */
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
      items: page.items,
      nextCursor: page.nextToken === null ? null : encodeCursor(page.nextToken),
    };
  }
}
