import type { AccessLogEntry, StoredAccessLog } from './access-log';
import type { AccessLogQuery } from './access-log-query';

export const ACCESS_LOG_REPOSITORY = Symbol('ACCESS_LOG_REPOSITORY');

export interface AccessLogRepository {
  /**
   * Stores the entries, with the sessions and rollups they change, in one transaction; an event
   * already stored is skipped (and counts nowhere again). Returns rows added.
   * Throws UnstorableDataError when the data itself is refused (then no row of the call is stored).
   */
  insertMany(entries: readonly AccessLogEntry[]): Promise<number>;
  /** Newest first by (occurredAt, id); at most query.limit rows. */
  list(query: AccessLogQuery): Promise<StoredAccessLog[]>;
}
