export const ACCESS_ANALYTICS = Symbol('ACCESS_ANALYTICS');

export type StatsInterval = 'hour' | 'day';
export type TopOrder = 'views' | 'bytes' | 'watchTime';

/** The figures of docs/analytics.md, for a bucket or a whole range. */
export interface AnalyticsFigures {
  accesses: number;
  bytesSent: number;
  sessions: number;
  views: number;
  uniqueViewers: number;
  watchTimeSeconds: number;
}

export interface StatsQuery {
  videoKey: string;
  /** Both on `interval` boundaries (see alignRange). */
  from: Date;
  to: Date;
  interval: StatsInterval;
}

export interface VideoStats {
  totals: AnalyticsFigures;
  /** Every bucket of the range, oldest first, zeros included. */
  series: (AnalyticsFigures & { start: Date })[];
}

export interface TopQuery {
  /** Both on hour boundaries. */
  from: Date;
  to: Date;
  by: TopOrder;
  limit: number;
}

export interface TopVideo {
  videoKey: string;
  views: number;
  bytesSent: number;
  watchTimeSeconds: number;
}

/** Read side of the rollups (ADR 0024); never scans the raw accesses. */
export interface AccessAnalytics {
  stats(query: StatsQuery): Promise<VideoStats>;
  top(query: TopQuery): Promise<TopVideo[]>;
}
