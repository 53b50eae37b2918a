import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt up to the maximum', () => {
    const top = () => 1;
    expect(
      [1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, 200, 1_000, top)),
    ).toEqual([200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('never waits less than half the initial delay, so a tight loop cannot hammer the database', () => {
    expect(backoffDelay(3, 200, 5_000, () => 0)).toBe(100);
  });
});
