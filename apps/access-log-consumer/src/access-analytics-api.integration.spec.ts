import { analyticsHarness, at, MiB } from './testing/analytics-harness';

jest.setTimeout(90_000);

describe('viewing analytics: /top, defaults and bad parameters', () => {
  const { prefix, get, send, access, statsOnce } = analyticsHarness();

  it('ranks videos by views, bytes or watch time over a range', async () => {
    const day = '2025-02-03T';
    const viewer = (n: number) => ({ userId: `${prefix}u${n}` });
    await send([
      ...[1, 2, 3].map((n) =>
        access('top-a.mp4', at(`${day}05:00:00Z`), {
          ...viewer(n),
          bytes: 3 * MiB,
        }),
      ),
      access('top-b.mp4', at(`${day}05:00:00Z`), { bytes: 50 * MiB }),
      access('top-b.mp4', at(`${day}05:00:00Z`, 600), { bytes: 1 }),
    ]);
    await statsOnce('top-b.mp4', 2, `from=${day}00:00:00Z`);
    await statsOnce('top-a.mp4', 3, `from=${day}00:00:00Z`);
    const top = async (by: string) =>
      (
        await get(
          `/v1/api/access-logs/top?from=${day}05:00:00Z&to=${day}06:00:00Z&by=${by}&limit=100`,
        ).expect(200)
      ).body.items.filter((i: { filename: string }) =>
        i.filename.startsWith(prefix),
      );
    expect(await top('views')).toEqual([
      {
        filename: `${prefix}top-a.mp4`,
        views: 3,
        bytesSent: 9 * MiB,
        watchTimeSeconds: 0,
      },
      {
        filename: `${prefix}top-b.mp4`,
        views: 1,
        bytesSent: 50 * MiB + 1,
        watchTimeSeconds: 600,
      },
    ]);
    expect((await top('bytes'))[0].filename).toBe(`${prefix}top-b.mp4`);
    expect((await top('watchTime'))[0].filename).toBe(`${prefix}top-b.mp4`);
  });

  it("answers the stats of today's callers (filename only): the last 30 days by day", async () => {
    const res = await get(
      `/v1/api/access-logs/stats?filename=${prefix}nothing.mp4`,
    ).expect(200);
    expect(res.body).toMatchObject({
      filename: `${prefix}nothing.mp4`,
      interval: 'day',
      totals: { accesses: 0, views: 0, uniqueViewers: 0 },
    });
    expect(res.body.series.length).toBeGreaterThanOrEqual(30);
    expect(
      Date.parse(res.body.to) - Date.parse(res.body.from),
    ).toBeLessThanOrEqual(31 * 86_400_000);
  });

  it.each([
    ['stats?filename=a.mp4&interval=week', 'interval'],
    [
      'stats?filename=a.mp4&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z',
      'from',
    ],
    [
      'stats?filename=a.mp4&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&interval=hour',
      'interval',
    ],
    ['stats?filename=a.mp4&to=yesterday', 'to'],
    ['top?by=likes', 'by'],
    ['top?limit=0', 'limit'],
    ['top?limit=101', 'limit'],
    ['top?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'from'],
  ])('answers 400 naming the parameter for /%s', async (path, parameter) => {
    const res = await get(`/v1/api/access-logs/${path}`).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toMatch(new RegExp(`^${parameter}: `));
  });
});
