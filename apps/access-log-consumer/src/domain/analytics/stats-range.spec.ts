import { alignRange, bucketStarts, splitDays } from './stats-range';

const d = (iso: string) => new Date(iso);

describe('stats ranges', () => {
  it('widens a range to the whole hours or UTC days it touches', () => {
    expect(
      alignRange(
        d('2026-11-01T10:20:00Z'),
        d('2026-11-02T03:00:00.001Z'),
        'hour',
      ),
    ).toEqual({
      from: d('2026-11-01T10:00:00Z'),
      to: d('2026-11-02T04:00:00Z'),
    });
    expect(
      alignRange(
        d('2026-11-01T10:20:00+02:00'),
        d('2026-11-02T03:00:00Z'),
        'day',
      ),
    ).toEqual({
      from: d('2026-11-01T00:00:00Z'),
      to: d('2026-11-03T00:00:00Z'),
    });
  });

  it('lists every bucket start, oldest first', () => {
    expect(
      bucketStarts(
        d('2026-11-01T22:00:00Z'),
        d('2026-11-02T01:00:00Z'),
        'hour',
      ),
    ).toEqual([
      d('2026-11-01T22:00:00Z'),
      d('2026-11-01T23:00:00Z'),
      d('2026-11-02T00:00:00Z'),
    ]);
  });

  it('splits an hour range into whole days and the hours at its edges', () => {
    expect(
      splitDays(d('2026-11-01T22:00:00Z'), d('2026-11-04T02:00:00Z')),
    ).toEqual({
      days: [d('2026-11-02T00:00:00Z'), d('2026-11-04T00:00:00Z')],
      edges: [
        [d('2026-11-01T22:00:00Z'), d('2026-11-02T00:00:00Z')],
        [d('2026-11-04T00:00:00Z'), d('2026-11-04T02:00:00Z')],
      ],
    });
    const within = splitDays(
      d('2026-11-01T02:00:00Z'),
      d('2026-11-01T05:00:00Z'),
    );
    expect(within.edges).toEqual([
      [d('2026-11-01T02:00:00Z'), d('2026-11-01T05:00:00Z')],
    ]);
    expect(within.days[0]).toEqual(within.days[1]);
  });
});
