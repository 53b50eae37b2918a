import { HourAndDayDeltas } from './rollup-delta';

const at = (iso: string) => Date.parse(iso);

describe('HourAndDayDeltas', () => {
  it('adds an access to its UTC hour and UTC day', () => {
    const d = new HourAndDayDeltas();
    d.add('v', at('2026-11-30T23:59:59.999+00:00'), {
      accesses: 1,
      bytesSent: 10,
    });
    d.add('v', at('2026-12-01T00:30:00+01:00'), { accesses: 1, bytesSent: 5 });
    expect(d.hourly.sorted()).toEqual([
      expect.objectContaining({
        bucket: '2026-11-30T23:00:00.000Z',
        accesses: 2,
        bytesSent: 15,
      }),
    ]);
    expect(d.daily.sorted()).toEqual([
      expect.objectContaining({ bucket: '2026-11-30', accesses: 2 }),
    ]);
  });

  it('moves a merged session from its old start hour to its new one, and drops buckets that net to zero', () => {
    const d = new HourAndDayDeltas();
    const old = {
      startedAt: at('2026-11-20T11:40:00Z'),
      endedAt: at('2026-11-20T11:40:00Z'),
      accesses: 1,
      bytesSent: 1,
      countedView: false,
    };
    const merged = {
      startedAt: at('2026-11-20T10:50:00Z'),
      endedAt: at('2026-11-20T11:40:00Z'),
      accesses: 2,
      bytesSent: 2,
      countedView: true,
    };
    d.addSession('v', old, -1);
    d.addSession('v', merged, 1);
    expect(d.hourly.sorted()).toEqual([
      {
        videoKey: 'v',
        bucket: '2026-11-20T10:00:00.000Z',
        accesses: 0,
        bytesSent: 0,
        sessions: 1,
        views: 1,
        watchMs: 50 * 60_000,
        uniqueViewers: 0,
      },
      {
        videoKey: 'v',
        bucket: '2026-11-20T11:00:00.000Z',
        accesses: 0,
        bytesSent: 0,
        sessions: -1,
        views: 0,
        watchMs: 0,
        uniqueViewers: 0,
      },
    ]);
    // Same day: +1 and -1 session cancel, the view and watch time remain.
    expect(d.daily.sorted()).toEqual([
      expect.objectContaining({
        bucket: '2026-11-20',
        sessions: 0,
        views: 1,
        watchMs: 50 * 60_000,
      }),
    ]);
    d.addSession('v', merged, -1);
    d.addSession('v', old, 1);
    expect(d.daily.sorted()).toEqual([]);
  });

  it('sorts rows by video then bucket, the order every writer locks them in', () => {
    const d = new HourAndDayDeltas();
    for (const [v, t] of [
      ['b', '2026-11-20T10:00:00Z'],
      ['a', '2026-11-21T10:00:00Z'],
      ['a', '2026-11-20T10:00:00Z'],
    ])
      d.add(v, at(t), { accesses: 1 });
    expect(d.daily.sorted().map((r) => `${r.videoKey} ${r.bucket}`)).toEqual([
      'a 2026-11-20',
      'a 2026-11-21',
      'b 2026-11-20',
    ]);
  });
});
