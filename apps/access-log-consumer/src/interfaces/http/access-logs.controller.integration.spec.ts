import type { INestApplication } from '@nestjs/common';
import { aTestSigner } from '@video-streaming/auth/testing';
import { bootstrapService } from '@video-streaming/platform';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AppModule } from '../../app.module';
import { readConfig } from '../../config';
import { AccessLogTable } from '../../testing/access-log-table';
import { KafkaTestClient } from '../../testing/kafka-test-client';

jest.setTimeout(60_000);

/** The query API in-process, over the real access_logs table, with tokens from a test signer. */
describe('GET /v1/api/access-logs (real PostgreSQL)', () => {
  const run = randomUUID().slice(0, 8);
  const alice = `api-${run}-alice`;
  const bob = `api-${run}-bob`;
  const video = `api-${run}.mp4`;
  const other = `api-${run}-other.mp4`;
  const table = new AccessLogTable();
  const kafka = new KafkaTestClient();
  let app: INestApplication;
  let token: string;
  let signer: Awaited<ReturnType<typeof aTestSigner>>;
  const groupId = `access-log-api-it-${run}`;

  beforeAll(async () => {
    process.env['LOG_LEVEL'] = 'warn';
    signer = await aTestSigner();
    token = await signer.sign({ sub: 'ops', scope: 'logs:read' });
    await kafka.startGroupAtEnd(groupId);
    const config = readConfig({ ...process.env, CONSUMER_GROUP_ID: groupId });
    app = await bootstrapService(
      AppModule.register({ config, jwks: signer.jwks }),
      { port: 0, host: '127.0.0.1' },
    );
    await table.insert([
      {
        userId: alice,
        videoKey: video,
        occurredAt: '2026-11-01T10:00:00Z',
        bytesSent: 100,
        outcome: 'completed',
      },
      {
        userId: alice,
        videoKey: video,
        occurredAt: '2026-11-01T11:00:00Z',
        bytesSent: 200,
        outcome: 'aborted',
      },
      // Two accesses in the same millisecond: the id keeps them apart in the paging order.
      {
        userId: alice,
        videoKey: other,
        occurredAt: '2026-11-01T12:00:00Z',
        bytesSent: 300,
        outcome: 'completed',
      },
      {
        userId: alice,
        videoKey: video,
        occurredAt: '2026-11-01T12:00:00Z',
        bytesSent: 400,
        outcome: 'completed',
      },
      {
        userId: alice,
        videoKey: video,
        occurredAt: '2026-11-01T13:00:00Z',
        bytesSent: 500,
        outcome: 'failed',
      },
      {
        userId: bob,
        videoKey: video,
        occurredAt: '2026-11-01T11:30:00Z',
        bytesSent: 5_000_000_000,
        outcome: 'completed',
      },
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await kafka.deleteGroups([groupId]);
    await table.deleteUser(alice);
    await table.deleteUser(bob);
    await Promise.all([table.close(), kafka.close()]);
  });

  const get = (path: string, bearer = token) =>
    request(app.getHttpServer())
      .get(path)
      .set('Authorization', `Bearer ${bearer}`);

  it('needs a token with logs:read', async () => {
    await request(app.getHttpServer()).get('/v1/api/access-logs').expect(401);
    const reader = await signer.sign({ scope: 'video:read' });
    const res = await get('/v1/api/access-logs', reader).expect(403);
    expect(res.body).toMatchObject({
      statusCode: 403,
      message: 'Missing scope: logs:read',
    });
  });

  it("pages through a user's accesses newest first, without gaps or repeats", async () => {
    const seen: { filename: string; occurredAt: string; bytesSent: number }[] =
      [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query = `/v1/api/access-logs?userId=${alice}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await get(query).expect(200)).body as {
        items: typeof seen;
        nextCursor: string | null;
      };
      seen.push(...body.items);
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((i) => i.bytesSent)).toEqual([500, 400, 300, 200, 100]);
    expect(seen[0]).toMatchObject({
      userId: alice,
      filename: video,
      occurredAt: '2026-11-01T13:00:00.000Z',
      outcome: 'failed',
      durationMs: 10.5,
    });
  });

  it('filters by file and by time range (from inclusive, to exclusive)', async () => {
    const res = await get(
      `/v1/api/access-logs?filename=${video}&from=2026-11-01T11:00:00Z&to=2026-11-01T13:00:00Z`,
    ).expect(200);
    expect(
      res.body.items.map((i: { bytesSent: number }) => i.bytesSent),
    ).toEqual([400, 5_000_000_000, 200]);
    expect(res.body.nextCursor).toBeNull();
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['from=tomorrow', 'from'],
    ['cursor=not-a-cursor', 'cursor'],
  ])(
    'answers 400 JSON naming the parameter for ?%s',
    async (query, parameter) => {
      const res = await get(`/v1/api/access-logs?${query}`).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.message).toMatch(new RegExp(`^${parameter}: `));
    },
  );

  it('answers 400 when the stats have no filename', async () => {
    const res = await get('/v1/api/access-logs/stats').expect(400);
    expect(res.body.message).toMatch(/^filename: /);
  });

  // Each reached PostgreSQL before and came back as a 500 (invalid byte sequence, out of range).
  it.each([
    ['userId=%00', 'userId'],
    ['userId=alice%00', 'userId'],
    ['userId=%00alice', 'userId'],
    ['userId=a%0Ab', 'userId'],
    [`userId=${'u'.repeat(300)}`, 'userId'],
    ['filename=%00', 'filename'],
    ['filename=video%00.mp4', 'filename'],
    ['from=0000-01-01T00:00:00Z', 'from'],
    ['from=0001-01-01T00:00:00Z', 'from'],
    ['to=9999-12-31T23:59:59-01:00', 'to'],
    ['to=10000-01-01T00:00:00Z', 'to'],
    ['from=2026-13-01T00:00:00Z', 'from'],
    ['from=2026-11-01T00:00:00Z%00', 'from'],
    ['from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'from'],
    ['cursor=%00', 'cursor'],
    ['cursor=%%%', 'cursor'],
    [
      `cursor=${Buffer.from('999999999999999:1').toString('base64url')}`,
      'cursor',
    ],
    ['cursor=MTow==', 'cursor'],
    ['limit=-5', 'limit'],
    ['limit=100000000000000000000000', 'limit'],
    ['limit=', 'limit'],
    ['limit=1&limit=2', 'limit'],
  ])(
    'answers 400 naming the parameter for ?%s, never a 5xx',
    async (query, parameter) => {
      const res = await get(`/v1/api/access-logs?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.message).toMatch(new RegExp(`^${parameter}: `));
    },
  );

  it.each([
    'filename=%00',
    'filename=a%00b.mp4',
    `filename=${'f'.repeat(1100)}`,
    'filename[x]=1',
  ])('answers 400 naming the filename of the stats for ?%s', async (query) => {
    const res = await get(`/v1/api/access-logs/stats?${query}`).expect(400);
    expect(res.body.message).toMatch(/^filename: /);
  });
});
