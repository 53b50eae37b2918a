import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { anMp4Like, fixtureS3, openSocketsTo } from '../../testing/s3-fixtures';
import { collectAccessEvents } from '../../testing/kafka-events';
import { videoHttpBattery } from '../../testing/video-http-battery';

describe('GET|HEAD /v1/api/video against the stack S3 (DELIVERY_MODE=proxy)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  videoHttpBattery(() => t);
});

describe('access events and aborted downloads', () => {
  let t: TestApp;
  const bigKey = `it-stream/${randomUUID()}.mp4`;
  const BIG = 32 * 1024 * 1024;
  let s3: ReturnType<typeof fixtureS3>;

  beforeAll(async () => {
    t = await startTestApp();
    s3 = fixtureS3(t.config);
    await s3.put(bigKey, anMp4Like(BIG), 'video/mp4');
  });
  afterAll(async () => {
    await s3.remove(bigKey).catch(() => undefined);
    s3.destroy();
    await t.close();
  });

  it('emits one video-accessed event per request, keyed by video, with what was sent', async () => {
    const userId = `it-${randomUUID()}`;
    const events = await collectAccessEvents(userId);
    try {
      const token = await t.token({ sub: userId });
      const res = await fetch(
        `${t.baseUrl}/v1/api/video?filename=video-test.mp4`,
        {
          headers: {
            authorization: `Bearer ${token}`,
            range: 'bytes=0-1023',
            'user-agent': 'stream-it/1.0',
          },
        },
      );
      await res.arrayBuffer();
      const [received] = await events.waitFor(1);
      expect(received.key).toBe('video-test.mp4');
      expect(received.event).toMatchObject({
        userId,
        videoKey: 'video-test.mp4',
        request: {
          method: 'GET',
          range: 'bytes=0-1023',
          status: 206,
          bytesSent: 1024,
          outcome: 'completed',
        },
        client: { userAgent: 'stream-it/1.0', ipAnonymised: '127.0.0.0' },
      });
    } finally {
      await events.stop();
    }
  });

  it('records refused requests too, as events the consumer accepts, with the reason and the escaped name', async () => {
    const userId = `it-${randomUUID()}`;
    const agent = `stream-it-refused/${randomUUID()}`;
    const events = await collectAccessEvents(
      (e) => e.client.userAgent === agent,
    );
    try {
      const token = await t.token({ sub: userId });
      const ask = (query: string, headers: Record<string, string> = {}) =>
        fetch(`${t.baseUrl}/v1/api/video?${query}`, {
          headers: {
            authorization: `Bearer ${token}`,
            'user-agent': agent,
            ...headers,
          },
        }).then(async (r) => (await r.arrayBuffer(), r.status));
      const statuses = [
        await ask('filename='),
        await ask('filename=..%2Fsecret%E2%80%AE.mp4'),
        await ask('filename=probe-%ff%fe.mp4'),
        await ask('filename=no-such-video.mp4'),
        await ask('filename=video-test.mp4', { range: 'bytes=-0' }),
        await ask('filename=video-test.mp4', {
          authorization: 'Bearer not.a.token',
        }),
      ];
      expect(statuses).toEqual([400, 400, 400, 404, 416, 401]);
      const received = await events.waitFor(6);
      const byStatus = (status: number) =>
        received
          .filter((r) => r.event.request.status === status)
          .map((r) => r.event);
      expect(
        byStatus(400).map((e) => [e.userId, e.videoKey, e.refusal]),
      ).toEqual(
        expect.arrayContaining([
          [
            userId,
            '/invalid-filename',
            { reason: 'INVALID_VIDEO_KEY', requestedName: null },
          ],
          [
            userId,
            '/invalid-filename',
            {
              reason: 'INVALID_VIDEO_KEY',
              requestedName: '../secret%E2%80%AE.mp4',
              requestedNameTruncated: false,
            },
          ],
          [
            userId,
            '/invalid-filename',
            {
              reason: 'INVALID_VIDEO_KEY',
              requestedName: 'probe-%25ff%25fe.mp4',
              requestedNameTruncated: false,
            },
          ],
        ]),
      );
      expect(byStatus(404)[0]).toMatchObject({
        userId,
        videoKey: 'no-such-video.mp4',
        refusal: { reason: 'VIDEO_NOT_FOUND' },
      });
      expect(byStatus(416)[0]).toMatchObject({
        userId,
        refusal: { reason: 'RANGE_NOT_SATISFIABLE' },
      });
      expect(byStatus(401)[0]).toMatchObject({
        userId: '-',
        videoKey: 'video-test.mp4',
        refusal: { reason: 'UNAUTHENTICATED' },
      });
      expect(
        received.find((r) => r.event.videoKey === '/invalid-filename')?.key,
      ).toBe('/invalid-filename');
    } finally {
      await events.stop();
    }
  });

  it('cancels the S3 transfer when clients disconnect: no socket is left open, and each is recorded as aborted', async () => {
    const userId = `it-${randomUUID()}`;
    const events = await collectAccessEvents(userId);
    try {
      const token = await t.token({ sub: userId });
      // Warm the metadata cache and the pool, then measure.
      await (
        await fetch(`${t.baseUrl}/v1/api/video?filename=${bigKey}`, {
          method: 'HEAD',
          headers: { authorization: `Bearer ${token}` },
        })
      ).arrayBuffer();
      const before = openSocketsTo(4566);
      const ABORTS = 20;
      const asked = performance.now();
      const [ready] = await Promise.all([
        // Readiness answers from the background probes' memory, whatever the load.
        fetch(`${t.baseUrl}/health/ready`).then((r) => ({
          status: r.status,
          ms: performance.now() - asked,
        })),
        ...Array.from({ length: ABORTS }, () =>
          abortAfterFirstChunk(
            `${t.baseUrl}/v1/api/video?filename=${bigKey}`,
            token,
          ),
        ),
      ]);
      expect(ready.status).toBe(200);
      expect(ready.ms).toBeLessThan(1000);
      await new Promise((r) => setTimeout(r, 1500));
      expect(openSocketsTo(4566)).toBeLessThanOrEqual(before + 2);
      const received = await events.waitFor(ABORTS + 1);
      const aborted = received.filter(
        (r) => r.event.request.outcome === 'aborted',
      );
      expect(aborted).toHaveLength(ABORTS);
      for (const { event } of aborted)
        expect(event.request.bytesSent).toBeLessThan(BIG);
    } finally {
      await events.stop();
    }
  });
});

function abortAfterFirstChunk(url: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      },
    );
    req.on('error', (error) => (req.destroyed ? resolve() : reject(error)));
    req.end();
  });
}
