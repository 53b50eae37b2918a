import { retryWithHeartbeat, type RetryControl } from './retry-with-heartbeat';

const policy = { initialMs: 20, maxMs: 40, heartbeatMs: 10 };

function control(overrides: Partial<RetryControl> = {}) {
  const calls = { heartbeats: 0, retries: 0 };
  const c: RetryControl = {
    heartbeat: async () => void calls.heartbeats++,
    shouldStop: () => false,
    onRetry: () => void calls.retries++,
    ...overrides,
  };
  return { c, calls };
}

describe('retryWithHeartbeat', () => {
  it('keeps retrying, heartbeating while it waits, until the attempt succeeds', async () => {
    let failures = 3;
    const { c, calls } = control();
    const outcome = await retryWithHeartbeat(
      async () =>
        failures-- > 0 ? Promise.reject(new Error('down')) : 'stored',
      c,
      policy,
    );
    expect(outcome).toEqual({ done: true, value: 'stored' });
    expect(calls.retries).toBe(3);
    expect(calls.heartbeats).toBeGreaterThanOrEqual(3);
  });

  it('gives up without a value when the consumer is stopping', async () => {
    let stop = false;
    const { c } = control({
      shouldStop: () => stop,
      onRetry: () => (stop = true),
    });
    expect(
      await retryWithHeartbeat(
        () => Promise.reject(new Error('down')),
        c,
        policy,
      ),
    ).toEqual({ done: false });
  });

  it('lets a rebalance (a failing heartbeat) abandon the batch', async () => {
    const { c } = control({
      heartbeat: () => Promise.reject(new Error('The group is rebalancing')),
    });
    await expect(
      retryWithHeartbeat(() => Promise.reject(new Error('down')), c, policy),
    ).rejects.toThrow('rebalancing');
  });
});
