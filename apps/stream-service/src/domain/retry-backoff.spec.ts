import { nextRetryMs } from './retry-backoff';

describe('nextRetryMs', () => {
  it('waits 200 ms after a first failure, doubles at each one in a row, and stops at 5 s', () => {
    const waits: number[] = [];
    let ms = 0;
    for (let failure = 0; failure < 7; failure++)
      waits.push((ms = nextRetryMs(ms)));
    expect(waits).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
  });
});
