import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@video-streaming/platform';
import type { StoredAccessLog } from '../../domain/access-log';
import { decodeCursor, encodeCursor } from '../../domain/access-log-cursor';
import type { AccessLogQuery } from '../../domain/access-log-query';
import {
  ACCESS_LOG_REPOSITORY,
  type AccessLogRepository,
} from '../../domain/access-log.repository.port';

export const INVALID_CURSOR = 'INVALID_CURSOR';

export interface ListAccessLogsInput extends Omit<AccessLogQuery, 'after'> {
  cursor?: string;
}

export interface AccessLogPage {
  items: StoredAccessLog[];
  /** Absent on the last page. */
  nextCursor: string | null;
}

@Injectable()
export class ListAccessLogsUseCase {
  constructor(
    @Inject(ACCESS_LOG_REPOSITORY)
    private readonly repository: AccessLogRepository,
  ) {}

  async execute({
    cursor,
    ...filters
  }: ListAccessLogsInput): Promise<AccessLogPage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && !after) {
      throw new DomainError(
        INVALID_CURSOR,
        'cursor: not a cursor returned by this API',
        { parameter: 'cursor' },
      );
    }
    // One row more than asked tells whether another page exists without a COUNT.
    const rows = await this.repository.list({
      ...filters,
      after,
      limit: filters.limit + 1,
    });
    const items = rows.slice(0, filters.limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        rows.length > filters.limit && last ? encodeCursor(last) : null,
    };
  }
}
