import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { anMp4Like, fixtureS3, openSocketsTo } from '../../testing/s3-fixtures';
import { collectAccessEvents } from '../../testing/kafka-events';

const SAMPLE = readFileSync(
  join(__dirname, '../../../../../assets/videos/video-test.mp4'),
);
const SIZE = SAMPLE.length;

describe('GET|HEAD /v1/api/video against the stack S3', () => {
  let t: TestApp;
  let token: string;
  const get = (
    query: string,
    headers: Record<string, string> = {},
    method = 'GET',
  ) =>
    fetch(`${t.baseUrl}/v1/api/video?${query}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
  const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

  beforeAll(async () => {
    t = await startTestApp();
    token = await t.token();
  });
  afterAll(() => t.close());

  it('streams the whole video with its type, length and range support', async () => {
    const res = await get('filename=video-test.mp4');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-length')).toBe(String(SIZE));
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('cache-control')).toMatch(/^private/);
    expect(res.headers.get('content-disposition')).toMatch(
      /^inline; filename="video-test.mp4"/,
    );
    expect((await bytes(res)).equals(SAMPLE)).toBe(true);
  });

  it.each([
    ['bytes=100-199', 100, 199],
    ['bytes=0-', 0, SIZE - 1],
    ['bytes=-500', SIZE - 500, SIZE - 1],
    [`bytes=${SIZE - 10}-${SIZE + 1000}`, SIZE - 10, SIZE - 1],
    // A suffix longer than the object is the whole object (RFC 9110 §14.1.2), not 416.
    ['bytes=-4000000', 0, SIZE - 1],
  ])(
    'answers %s with 206 and exactly those bytes',
    async (range, start, end) => {
      const res = await get('filename=video-test.mp4', { range });
      expect(res.status).toBe(206);
      expect(res.headers.get('content-range')).toBe(
        `bytes ${start}-${end}/${SIZE}`,
      );
      expect(res.headers.get('content-length')).toBe(String(end - start + 1));
      expect((await bytes(res)).equals(SAMPLE.subarray(start, end + 1))).toBe(
        true,
      );
    },
  );

  it('answers an unsatisfiable range with 416 and the size', async () => {
    const res = await get('filename=video-test.mp4', {
      range: `bytes=${SIZE + 10}-`,
    });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${SIZE}`);
  });

  it.each([
    'bytes=abc',
    'items=0-10',
    'bytes=0-10,20-30',
    'bytes=',
    'bytes=5-2',
  ])('ignores the range %s and sends the full video', async (range) => {
    const res = await get('filename=video-test.mp4', { range });
    expect(res.status).toBe(200);
    expect((await bytes(res)).length).toBe(SIZE);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const [head, full] = await Promise.all([
      get('filename=video-test.mp4', {}, 'HEAD'),
      get('filename=video-test.mp4'),
    ]);
    await full.arrayBuffer();
    expect(head.status).toBe(200);
    for (const h of [
      'content-type',
      'content-length',
      'accept-ranges',
      'etag',
      'last-modified',
    ])
      expect(head.headers.get(h)).toBe(full.headers.get(h));
    expect((await bytes(head)).length).toBe(0);
  });

  it('honours If-None-Match, If-Modified-Since and If-Range', async () => {
    const first = await get('filename=video-test.mp4', { range: 'bytes=0-0' });
    await first.arrayBuffer();
    const etag = first.headers.get('etag') as string;
    const lastModified = first.headers.get('last-modified') as string;
    expect(etag).toMatch(/^"/);
    expect(
      (await get('filename=video-test.mp4', { 'if-none-match': etag })).status,
    ).toBe(304);
    expect(
      (
        await get('filename=video-test.mp4', {
          'if-modified-since': lastModified,
        })
      ).status,
    ).toBe(304);
    const stale = await get('filename=video-test.mp4', {
      'if-none-match': '"other"',
    });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
    const matching = await get('filename=video-test.mp4', {
      range: 'bytes=0-9',
      'if-range': etag,
    });
    expect(matching.status).toBe(206);
    await matching.arrayBuffer();
    const changed = await get('filename=video-test.mp4', {
      range: 'bytes=0-9',
      'if-range': '"changed"',
    });
    expect(changed.status).toBe(200);
    expect((await bytes(changed)).length).toBe(SIZE);
  });

  it('refuses requests without a valid token or with the wrong scope', async () => {
    expect(
      (await fetch(`${t.baseUrl}/v1/api/video?filename=video-test.mp4`)).status,
    ).toBe(401);
    expect(
      (
        await get('filename=video-test.mp4', {
          authorization: 'Bearer not.a.token',
        })
      ).status,
    ).toBe(401);
    const writer = await t.token({ scope: 'video:write' });
    expect(
      (
        await get('filename=video-test.mp4', {
          authorization: `Bearer ${writer}`,
        })
      ).status,
    ).toBe(403);
  });

  it('answers JSON errors: 400 without filename, 404 for an unknown video', async () => {
    const missing = await get('');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      statusCode: 400,
      code: 'INVALID_VIDEO_KEY',
    });
    const unknown = await get('filename=no-such-video.mp4');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      statusCode: 404,
      code: 'VIDEO_NOT_FOUND',
    });
  });

  it.each([
    '../secret.mp4',
    'a/../../b.mp4',
    '/etc/passwd',
    '..%2Fsecret.mp4',
    '%2E%2E%2Fsecret.mp4',
    '..%5Csecret.mp4',
    'a%5C..%5Cb.mp4',
    'video.mp4%00.txt',
    'a%0Ab.mp4',
    'x'.repeat(600),
    '%252e%252e%252fsecret.mp4',
    'a//b.mp4',
  ])('refuses the filename %s with 400', async (filename) => {
    const res = await get(`filename=${filename}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'INVALID_VIDEO_KEY' });
  });
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
