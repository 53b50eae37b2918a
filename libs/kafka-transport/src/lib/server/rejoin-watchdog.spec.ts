import { RejoinWatchdog } from './rejoin-watchdog';

describe('RejoinWatchdog', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => (clock = 1_000));

  it('restarts a consumer that never joined within the limit, once per limit', async () => {
    const restarts: number[] = [];
    const dog = new RejoinWatchdog(
      45_000,
      async (outFor) => void restarts.push(outFor),
      now,
    );
    clock += 44_999;
    expect(await dog.check()).toBe(false);
    clock += 1;
    expect(await dog.check()).toBe(true);
    expect(restarts).toEqual([45_000]);
    clock += 10_000;
    expect(await dog.check()).toBe(false);
    clock += 35_000;
    expect(await dog.check()).toBe(true);
    expect(restarts).toHaveLength(2);
  });

  it('leaves a member alone, and counts from when it left the group', async () => {
    const restart = jest.fn(async () => undefined);
    const dog = new RejoinWatchdog(45_000, restart, now);
    dog.joined();
    clock += 600_000;
    expect(await dog.check()).toBe(false);
    dog.left();
    clock += 30_000;
    dog.left(); // a second event while out does not move the start
    clock += 15_000;
    expect(await dog.check()).toBe(true);
    dog.joined();
    clock += 100_000;
    expect(await dog.check()).toBe(false);
    expect(restart).toHaveBeenCalledTimes(1);
  });

  it('never runs two restarts at once', async () => {
    let finish: () => void = () => undefined;
    const restart = jest.fn(
      () => new Promise<void>((resolve) => (finish = resolve)),
    );
    const dog = new RejoinWatchdog(1_000, restart, now);
    clock += 5_000;
    const first = dog.check();
    expect(await dog.check()).toBe(false);
    finish();
    expect(await first).toBe(true);
    expect(restart).toHaveBeenCalledTimes(1);
  });
});
