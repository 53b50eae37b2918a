/** Keyset position: the (occurredAt, id) of the last row of the previous page. */
export interface CursorPosition {
  occurredAt: Date;
  id: bigint;
}

export interface AccessLogQuery {
  userId?: string;
  videoKey?: string;
  /** Inclusive lower bound of occurredAt. */
  from?: Date;
  /** Exclusive upper bound of occurredAt. */
  to?: Date;
  after?: CursorPosition;
  limit: number;
}

export const MIN_PAGE_SIZE = 1;
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;
