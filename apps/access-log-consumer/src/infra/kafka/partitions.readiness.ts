import { Inject, Injectable } from '@nestjs/common';
import type {
  ReadinessCheck,
  ReadinessReport,
} from '@video-streaming/platform';
import { APP_CONFIG, type AppConfig } from '../../config';
import { ConsumerLagMonitor } from './consumer-lag.monitor';

/**
 * `partitions` in `/health/ready`: connected and joined is not enough, a partition stuck on one
 * batch (lag and no committed progress for ACCESS_LOG_STALL_SECONDS) must show too. Lag figures
 * that have not been refreshed for three refresh intervals are not trusted either: a stuck lag
 * reader would otherwise keep reporting the last, healthy, state.
 */
@Injectable()
export class PartitionsReadiness implements ReadinessCheck {
  readonly name = 'partitions';
  private readonly staleAfterMs: number;

  constructor(
    private readonly lag: ConsumerLagMonitor,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.staleAfterMs = 3 * config.ACCESS_LOG_LAG_REFRESH_SECONDS * 1000;
  }

  check(now = Date.now()): ReadinessReport {
    const age = now - this.lag.measuredAt;
    if (age > this.staleAfterMs)
      return {
        up: false,
        message: `consumer lag not measured for ${Math.round(age / 1000)} s`,
      };
    const stalled = this.lag.stalled();
    if (!stalled.length) return { up: true };
    return {
      up: false,
      message: stalled
        .map(
          (p) =>
            `${p.name} stalled, lag ${p.lag}, no progress for ${p.stalledSeconds} s`,
        )
        .join('; '),
      details: { stalled },
    };
  }
}
