import type { AppConfig } from '../../config';
import type { ConsumerLagMonitor } from './consumer-lag.monitor';
import { PartitionsReadiness } from './partitions.readiness';

const NOW = 1_800_000_000_000;
const config = { ACCESS_LOG_LAG_REFRESH_SECONDS: 10 } as AppConfig;

const readinessOf = (monitor: Partial<ConsumerLagMonitor>) =>
  new PartitionsReadiness(monitor as ConsumerLagMonitor, config);

describe('PartitionsReadiness', () => {
  it('is up while every partition makes progress', () => {
    const check = readinessOf({ measuredAt: NOW - 5_000, stalled: () => [] });
    expect(check.check(NOW)).toEqual({ up: true });
  });

  it('names each stalled partition with its lag and how long it has not moved', () => {
    const check = readinessOf({
      measuredAt: NOW - 5_000,
      stalled: () => [
        { name: 'video-accessed[1]', lag: '100', stalledSeconds: 130 },
        { name: 'video-accessed[2]', lag: '7', stalledSeconds: 121 },
      ],
    });
    expect(check.check(NOW)).toMatchObject({
      up: false,
      message:
        'video-accessed[1] stalled, lag 100, no progress for 130 s; video-accessed[2] stalled, lag 7, no progress for 121 s',
    });
  });

  it('does not trust lag figures the monitor has not refreshed for three intervals', () => {
    const check = readinessOf({ measuredAt: NOW - 31_000, stalled: () => [] });
    expect(check.check(NOW)).toEqual({
      up: false,
      message: 'consumer lag not measured for 31 s',
    });
  });
});
