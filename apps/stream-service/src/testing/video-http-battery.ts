import { beforeAll, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SAMPLE = readFileSync(
  join(__dirname, '../../../../assets/videos/video-test.mp4'),
);
const SIZE = SAMPLE.length;

/** Where the battery sends its requests: stream-service itself, or a gateway in front of it. */
export interface BatteryTarget {
  baseUrl: string;
  token(claims?: { sub?: string; scope?: string }): Promise<string>;
}

/**
 * The RFC 9110 behaviour of GET|HEAD /v1/api/video, as a user notices it: run the same tests
 * against every delivery mode (proxy through Node, edge through the gateway, edge with the slice
 * cache), so the modes cannot drift apart.
 */
export function videoHttpBattery(target: () => BatteryTarget): void {
  let t: BatteryTarget;
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
    t = target();
    token = await t.token();
  });

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
}
