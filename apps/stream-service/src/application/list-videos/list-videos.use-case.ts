import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@video-streaming/platform';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
  type VideoListPage,
} from '../../domain/object-storage.port';
import { VideoErrorCode } from '../../domain/video.errors';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 1000;

/** One page of the catalogue; the cursor is opaque and comes from the previous page. */
@Injectable()
export class ListVideosUseCase {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  execute(query: {
    cursor?: unknown;
    limit?: unknown;
  }): Promise<VideoListPage> {
    return this.storage.list(
      parseCursor(query.cursor),
      parseLimit(query.limit),
    );
  }
}

function parseLimit(raw: unknown): number {
  if (raw === undefined || raw === '') return DEFAULT_LIST_LIMIT;
  if (
    typeof raw !== 'string' ||
    !/^\d{1,4}$/.test(raw) ||
    Number(raw) < 1 ||
    Number(raw) > MAX_LIST_LIMIT
  )
    throw new DomainError(
      VideoErrorCode.invalidListQuery,
      `limit must be an integer from 1 to ${MAX_LIST_LIMIT}`,
    );
  return Number(raw);
}

function parseCursor(raw: unknown): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > 2048)
    throw new DomainError(
      VideoErrorCode.invalidListQuery,
      'cursor must be a single opaque string',
    );
  return raw;
}
