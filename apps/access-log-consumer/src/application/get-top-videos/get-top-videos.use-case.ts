import { Inject, Injectable } from '@nestjs/common';
import {
  ACCESS_ANALYTICS,
  type AccessAnalytics,
  type TopOrder,
  type TopVideo,
} from '../../domain/analytics/access-analytics.port';
import { alignRange } from '../../domain/analytics/stats-range';

/** The most viewed (or served, or watched) videos of a range, widened to whole hours. */
@Injectable()
export class GetTopVideosUseCase {
  constructor(
    @Inject(ACCESS_ANALYTICS) private readonly analytics: AccessAnalytics,
  ) {}

  execute(input: {
    from: Date;
    to: Date;
    by: TopOrder;
    limit: number;
  }): Promise<TopVideo[]> {
    const { from, to } = alignRange(input.from, input.to, 'hour');
    return this.analytics.top({ ...input, from, to });
  }
}
