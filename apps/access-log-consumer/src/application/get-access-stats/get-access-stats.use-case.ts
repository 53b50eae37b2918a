import { Inject, Injectable } from '@nestjs/common';
import {
  ACCESS_ANALYTICS,
  type AccessAnalytics,
  type StatsInterval,
  type VideoStats,
} from '../../domain/analytics/access-analytics.port';
import { alignRange } from '../../domain/analytics/stats-range';

export interface GetAccessStatsInput {
  videoKey: string;
  from: Date;
  to: Date;
  interval: StatsInterval;
}

export interface AccessStatsResult extends VideoStats {
  videoKey: string;
  /** The range answered: the one asked for, widened to whole buckets. */
  from: Date;
  to: Date;
  interval: StatsInterval;
}

/** Totals and a time series of one video's accesses, sessions and views (docs/analytics.md). */
@Injectable()
export class GetAccessStatsUseCase {
  constructor(
    @Inject(ACCESS_ANALYTICS) private readonly analytics: AccessAnalytics,
  ) {}

  async execute(input: GetAccessStatsInput): Promise<AccessStatsResult> {
    const { from, to } = alignRange(input.from, input.to, input.interval);
    const stats = await this.analytics.stats({
      videoKey: input.videoKey,
      from,
      to,
      interval: input.interval,
    });
    return {
      videoKey: input.videoKey,
      from,
      to,
      interval: input.interval,
      ...stats,
    };
  }
}
