import { analyticsHarness, at, MiB } from './testing/analytics-harness';

jest.setTimeout(90_000);

/**
 * Ingest through the real Kafka (a private topic) into the real PostgreSQL, then the numbers a
 * user reads from /stats: sessions, views, watch time, late and redelivered events.
 */
describe('viewing analytics: sessions and views (Kafka -> PostgreSQL -> /stats)', () => {
  const harness = analyticsHarness();
  const { run, prefix, send, access, statsOnce } = harness;

  it('counts a playback of 5 range requests as 1 session and 1 view, with its bytes and watch time', async () => {
    await send(
      [0, 5, 10, 15, 20].map((s) =>
        access('film.mp4', at('2026-11-20T10:00:00Z', s)),
      ),
    );
    const body = await statsOnce(
      'film.mp4',
      5,
      'from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&interval=hour',
    );
    expect(body.totals).toEqual({
      accesses: 5,
      bytesSent: 5 * MiB,
      sessions: 1,
      views: 1,
      uniqueViewers: 1,
      watchTimeSeconds: 20,
    });
    expect(body.series).toHaveLength(24);
    expect(body.series[10]).toEqual({
      start: '2026-11-20T10:00:00.000Z',
      ...body.totals,
    });
    expect(body.series[11].accesses).toBe(0);
  });

  it('makes 2 sessions of accesses separated by more than the 30-minute window', async () => {
    await send([
      access('gap.mp4', at('2026-11-20T10:00:00Z'), { bytes: 1000 }),
      access('gap.mp4', at('2026-11-20T10:00:12Z'), { bytes: 1000 }),
      access('gap.mp4', at('2026-11-20T10:31:00Z'), { bytes: 1000 }),
      access('gap.mp4', at('2026-11-20T10:31:04Z'), { bytes: 1000 }),
    ]);
    const body = await statsOnce('gap.mp4', 4, 'from=2026-11-20T00:00:00Z');
    // The second session lasted 4 s and 2,000 bytes: below both view thresholds.
    expect(body.totals).toMatchObject({
      sessions: 2,
      views: 1,
      uniqueViewers: 1,
      watchTimeSeconds: 16,
    });
  });

  it('puts a late event in its own hour, and lets it join two sessions into one', async () => {
    await send([
      access('late.mp4', at('2026-11-20T10:50:00Z'), { bytes: 1000 }),
      access('late.mp4', at('2026-11-20T11:40:00Z'), { bytes: 1000 }),
    ]);
    const before = await statsOnce(
      'late.mp4',
      2,
      'from=2026-11-20T10:00:00Z&to=2026-11-20T12:00:00Z&interval=hour',
    );
    expect(before.totals).toMatchObject({ sessions: 2, views: 0 });
    // Arrives last, happened in between: 10:50 -> 11:15 -> 11:40, gaps of 25 min.
    await send([
      access('late.mp4', at('2026-11-20T11:15:00Z'), { bytes: 1000 }),
    ]);
    const after = await statsOnce(
      'late.mp4',
      3,
      'from=2026-11-20T10:00:00Z&to=2026-11-20T12:00:00Z&interval=hour',
    );
    expect(after.totals).toMatchObject({
      sessions: 1,
      views: 1,
      watchTimeSeconds: 50 * 60,
    });
    expect(
      after.series.map((p: { accesses: number; sessions: number }) => [
        p.accesses,
        p.sessions,
      ]),
    ).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });

  it('counts a redelivered event once, and a playback with a sessionId as one session across a pause', async () => {
    const first = access('session.mp4', at('2026-11-20T08:00:00Z'), {
      sessionId: `ps-${run}`,
    });
    await send([
      first,
      first,
      access('session.mp4', at('2026-11-20T09:30:00Z'), {
        sessionId: `ps-${run}`,
      }),
    ]);
    // The same event again, then one more of the playback: once that one counts, so was the copy.
    await send([
      first,
      access('session.mp4', at('2026-11-20T09:45:00Z'), {
        sessionId: `ps-${run}`,
      }),
    ]);
    const body = await statsOnce('session.mp4', 3, 'from=2026-11-20T00:00:00Z');
    expect(body.totals).toMatchObject({
      accesses: 3,
      bytesSent: 3 * MiB,
      sessions: 1,
      views: 1,
      watchTimeSeconds: 105 * 60,
    });
  });

  it('counts refused requests as accesses but not as sessions or viewers', async () => {
    await send([
      access('refused.mp4', at('2026-11-20T08:00:00Z'), {
        status: 403,
        bytes: 120,
      }),
      access('refused.mp4', at('2026-11-20T08:00:01Z'), {
        status: 206,
        bytes: 3 * MiB,
        userId: `${prefix}other`,
      }),
    ]);
    const body = await statsOnce('refused.mp4', 2, 'from=2026-11-20T00:00:00Z');
    expect(body.totals).toMatchObject({
      bytesSent: 3 * MiB + 120,
      sessions: 1,
      views: 1,
      uniqueViewers: 1,
    });
  });

  it('counts each viewer once over any range of days and hours, whatever order their days arrive in', async () => {
    const b = { userId: `${prefix}b` };
    const day = (d: number, hh = '10') =>
      at(`2026-11-${String(d).padStart(2, '0')}T${hh}:00:00Z`);
    await send([
      access('days.mp4', day(10)),
      access('days.mp4', day(14)),
      access('days.mp4', day(12), b),
    ]);
    await statsOnce('days.mp4', 3, 'from=2026-11-01T00:00:00Z&interval=day');
    // Late days: between the viewer's days, before them, and at the edges of a range.
    await send([
      access('days.mp4', day(12)),
      access('days.mp4', day(9), b),
      access('days.mp4', day(15)),
      access('days.mp4', day(13, '20'), b),
      access('days.mp4', day(13, '23')),
    ]);
    await statsOnce('days.mp4', 8, 'from=2026-11-01T00:00:00Z&interval=day');
    const viewers = async (from: string, to: string, interval = 'day') => {
      const url = `/v1/api/access-logs/stats?filename=${prefix}days.mp4&from=${from}&to=${to}&interval=${interval}`;
      return (await harness.get(url).expect(200)).body.totals.uniqueViewers;
    };
    expect(await viewers('2026-11-09T00:00:00Z', '2026-11-16T00:00:00Z')).toBe(
      2,
    );
    expect(await viewers('2026-11-11T00:00:00Z', '2026-11-13T00:00:00Z')).toBe(
      2,
    );
    expect(await viewers('2026-11-10T00:00:00Z', '2026-11-12T00:00:00Z')).toBe(
      1,
    );
    expect(await viewers('2026-11-14T00:00:00Z', '2026-11-16T00:00:00Z')).toBe(
      1,
    );
    // 13th from 12:00 (hours: both viewers, one of them also in the whole days) to the 16th.
    expect(
      await viewers('2026-11-13T12:00:00Z', '2026-11-16T00:00:00Z', 'hour'),
    ).toBe(2);
    expect(
      await viewers('2026-11-13T20:00:00Z', '2026-11-14T12:00:00Z', 'hour'),
    ).toBe(2);
    expect(
      await viewers('2026-11-13T21:00:00Z', '2026-11-14T00:00:00Z', 'hour'),
    ).toBe(1);
  });

  it('answers from one snapshot: every answer that counts an access counts its viewer', async () => {
    const { get } = harness;
    const url = `/v1/api/access-logs/stats?filename=${prefix}snapshot.mp4&from=2026-11-20T00:00:00Z`;
    const seen: { accesses: number; uniqueViewers: number }[] = [];
    let writing = true;
    const read = async () => {
      while (writing) {
        const res = await get(url).expect(200);
        seen.push(res.body.totals);
      }
    };
    const readers = Promise.all([read(), read(), read(), read()]);
    // 60 commits, each by a viewer new to the video: a read between two of them must still
    // report as many viewers as accesses.
    for (let i = 0; i < 60; i++)
      await send([
        access('snapshot.mp4', at('2026-11-20T08:00:00Z', i), {
          userId: `${prefix}viewer-${i}`,
        }),
      ]);
    await statsOnce('snapshot.mp4', 60, 'from=2026-11-20T00:00:00Z');
    writing = false;
    await readers;
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.filter((t) => t.uniqueViewers !== t.accesses)).toEqual([]);
  });
});
