import type { INestApplication } from '@nestjs/common';
import { aTestSigner } from '@video-streaming/auth/testing';
import type { VideoAccessedEvent } from '@video-streaming/contracts';
import { aVideoAccessedEvent } from '@video-streaming/contracts/testing';
import { bootstrapService } from '@video-streaming/platform';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AppModule } from './app.module';
import { readConfig } from './config';
import { AccessLogTable } from './test-support/access-log-table';
import { KafkaTestClient } from './test-support/kafka-test-client';
import { waitFor } from './test-support/stack';

jest.setTimeout(90_000);

const MiB = 1024 * 1024;
const at = (iso: string, plusSeconds = 0) =>
  new Date(Date.parse(iso) + plusSeconds * 1000).toISOString();

/**
 * Ingest through the real Kafka (a private topic) into the real PostgreSQL, then the numbers a
 * user reads from /stats and /top: sessions, views, watch time, late and redelivered events.
 */
describe('viewing analytics (Kafka -> PostgreSQL -> /stats, /top)', () => {
  const run = randomUUID().slice(0, 8);
  const prefix = `analytics-${run}-`;
  const topic = `access-analytics-it-${run}`;
  const groupId = `access-analytics-it-${run}`;
  const table = new AccessLogTable();
  const kafka = new KafkaTestClient();
  let app: INestApplication;
  let token: string;

  beforeAll(async () => {
    process.env['LOG_LEVEL'] = 'warn';
    const signer = await aTestSigner();
    token = await signer.sign({ sub: 'ops', scope: 'logs:read' });
    await kafka.createTopics([topic, `${topic}.dlq`], 1);
    const config = readConfig({
      ...process.env,
      CONSUMER_GROUP_ID: groupId,
      ACCESS_LOG_TOPIC: topic,
      ACCESS_LOG_DLQ_TOPIC: `${topic}.dlq`,
    });
    app = await bootstrapService(
      AppModule.register({ config, jwks: signer.jwks }),
      { port: 0, host: '127.0.0.1' },
    );
  });

  afterAll(async () => {
    await app?.close();
    await kafka.deleteGroups([groupId]);
    await kafka.deleteTopics([topic, `${topic}.dlq`]);
    await table.deleteVideos(prefix);
    await Promise.all([table.close(), kafka.close()]);
  });

  const get = (path: string) =>
    request(app.getHttpServer())
      .get(path)
      .set('Authorization', `Bearer ${token}`);

  const send = (events: VideoAccessedEvent[]) =>
    kafka.send(
      events.map((e) => ({ key: e.videoKey, value: JSON.stringify(e) })),
      topic,
    );

  const access = (
    video: string,
    occurredAt: string,
    more: Partial<VideoAccessedEvent> & {
      status?: number;
      bytes?: number;
    } = {},
  ) => {
    const { status = 206, bytes = MiB, ...rest } = more;
    return aVideoAccessedEvent({
      videoKey: `${prefix}${video}`,
      userId: `${prefix}viewer`,
      occurredAt,
      request: {
        method: 'GET',
        range: 'bytes=0-',
        status,
        bytesSent: bytes,
        durationMs: 20,
        outcome: status < 400 ? 'completed' : 'failed',
      },
      ...rest,
    });
  };

  /** /stats once it counts `accesses` accesses (ingest is asynchronous). */
  const statsOnce = (video: string, accesses: number, query: string) =>
    waitFor(
      async () => {
        const res = await get(
          `/v1/api/access-logs/stats?filename=${prefix}${video}&${query}`,
        ).expect(200);
        return res.body.totals.accesses === accesses ? res.body : undefined;
      },
      30_000,
      `${accesses} accesses of ${video}`,
    );

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
