import { DEFAULT_ANALYTICS_RULES } from './analytics-rules';
import { mergeSessions, type StoredSession } from './playback-sessions';

const MIN = 60_000;
const GAP = 30 * MIN;
const rules = DEFAULT_ANALYTICS_RULES;
const at = (minutes: number, bytesSent = 100_000) => ({
  at: minutes * MIN,
  bytesSent,
});
const stored = (
  id: string,
  fromMin: number,
  toMin: number,
  accesses = 2,
): StoredSession => ({
  id,
  startedAt: fromMin * MIN,
  endedAt: toMin * MIN,
  accesses,
  bytesSent: accesses * 100_000,
  countedView: true,
});

describe('mergeSessions', () => {
  it('makes one session of five range requests a minute apart, and it is a view', () => {
    const { removed, added } = mergeSessions(
      [],
      [0, 1, 2, 3, 4].map((m) => at(m)),
      GAP,
      rules,
    );
    expect(removed).toEqual([]);
    expect(added).toEqual([
      {
        startedAt: 0,
        endedAt: 4 * MIN,
        accesses: 5,
        bytesSent: 500_000,
        countedView: true,
      },
    ]);
  });

  it('splits at a gap longer than the window, not at one equal to it', () => {
    expect(
      mergeSessions([], [at(0), at(30), at(61)], GAP, rules).added.map(
        (s) => s.accesses,
      ),
    ).toEqual([2, 1]);
  });

  it('a late access between two sessions joins them into one', () => {
    const a = stored('1', 0, 10);
    const b = stored('2', 50, 60);
    const { removed, added } = mergeSessions([a, b], [at(30)], GAP, rules);
    expect(removed).toEqual([a, b]);
    expect(added).toEqual([
      expect.objectContaining({
        startedAt: 0,
        endedAt: 60 * MIN,
        accesses: 5,
      }),
    ]);
  });

  it('a late access before a session moves its start, and leaves a session it does not touch alone', () => {
    const far = stored('1', 0, 5);
    const near = stored('2', 100, 110);
    const { removed, added } = mergeSessions([far, near], [at(80)], GAP, rules);
    expect(removed).toEqual([near]);
    expect(added).toEqual([
      expect.objectContaining({ startedAt: 80 * MIN, endedAt: 110 * MIN }),
    ]);
  });

  it('an access inside a stored session only adds to it', () => {
    const s = stored('1', 0, 20);
    const { added } = mergeSessions([s], [at(5, 7)], GAP, rules);
    expect(added).toEqual([
      {
        startedAt: 0,
        endedAt: 20 * MIN,
        accesses: 3,
        bytesSent: 200_007,
        countedView: true,
      },
    ]);
  });

  it('with a sessionId (no gap limit) accesses hours apart stay one session', () => {
    expect(
      mergeSessions([], [at(0), at(600)], Infinity, rules).added,
    ).toHaveLength(1);
  });

  it('is a view by watch time (10 s) or by bytes (2 MiB), not by one short small request', () => {
    const one = (accesses: { at: number; bytesSent: number }[]) =>
      mergeSessions([], accesses, GAP, rules).added[0].countedView;
    expect(one([{ at: 0, bytesSent: 1000 }])).toBe(false);
    expect(
      one([
        { at: 0, bytesSent: 1000 },
        { at: 9_999, bytesSent: 1 },
      ]),
    ).toBe(false);
    expect(
      one([
        { at: 0, bytesSent: 1000 },
        { at: 10_000, bytesSent: 1 },
      ]),
    ).toBe(true);
    expect(one([{ at: 0, bytesSent: 2 * 1024 * 1024 }])).toBe(true);
  });
});
