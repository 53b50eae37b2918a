import type { AccessLogEntry, StoredAccessLog } from './access-log';
import type { AccessLogQuery, AccessStats } from './access-log-query';

export const ACCESS_LOG_REPOSITORY = Symbol('ACCESS_LOG_REPOSITORY');

export interface AccessLogRepository {
  /**
   * Stores the entries in one statement; an eventId already stored is skipped. Returns rows added.
   * Throws UnstorableDataError when the data itself is refused (then no row of the call is stored).
   */
  insertMany(entries: readonly AccessLogEntry[]): Promise<number>;
  /** Newest first by (occurredAt, id); at most query.limit rows. */
  list(query: AccessLogQuery): Promise<StoredAccessLog[]>;
  stats(videoKey: string): Promise<AccessStats>;
}
