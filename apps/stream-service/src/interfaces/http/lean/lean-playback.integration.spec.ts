import { randomUUID } from 'node:crypto';
import { fixtureS3 } from '../../../testing/s3-fixtures';
import { startTestApp, type TestApp } from '../../../testing/test-app';

/** Headers that differ between any two answers (time, access ids, presigned URLs, trace context). */
const VARYING = ['date', 'x-edge-access', 'x-edge-context', 'x-edge-source'];

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The lean route answers exactly as the Nest path it bypasses: the same requests to one app with
 * LEAN_PLAYBACK=on and one with it off give the same statuses, headers and bodies, and the same
 * http_request_duration_seconds series.
 */
describe('lean playback route (LEAN_PLAYBACK=on) against the Nest path (off)', () => {
  const key = `lean-${randomUUID()}/clip.mp4`;
  const body = Buffer.alloc(100_000, 7);
  let lean: TestApp;
  let nest: TestApp;

  beforeAll(async () => {
    const env = { DELIVERY_MODE: 'edge' };
    [lean, nest] = await Promise.all([
      startTestApp({ ...env, LEAN_PLAYBACK: 'on' }),
      startTestApp({ ...env, LEAN_PLAYBACK: 'off' }),
    ]);
    await fixtureS3(lean.config).put(key, body, 'video/mp4');
  });
  afterAll(() => Promise.all([lean?.close(), nest?.close()]));

  const answer = async (
    t: TestApp,
    path: string,
    headers: Record<string, string>,
    method: string,
  ): Promise<Answer> => {
    const res = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { 'x-request-id': 'same-id', ...headers },
      redirect: 'manual',
    });
    const kept: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (!VARYING.includes(k)) kept[k] = v;
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      headers: kept,
      body: bytes.toString('base64'),
    };
  };

  const video = `/v1/api/video?filename=${encodeURIComponent(key)}`;
  const cases: [string, string, Record<string, string>, string?][] = [
    ['whole file', video, {}],
    ['HEAD', video, {}, 'HEAD'],
    ['one range', video, { range: 'bytes=10-99' }],
    ['several ranges', video, { range: 'bytes=0-1,5-9' }],
    ['unsatisfiable range', video, { range: 'bytes=999999-' }],
    [
      'If-Range that does not match',
      video,
      { range: 'bytes=0-9', 'if-range': '"x"' },
    ],
    ['edge redirect', video, { range: 'bytes=0-9', 'x-edge-gateway': '1' }],
    ['no filename', '/v1/api/video', {}],
    ['invalid filename', '/v1/api/video?filename=..%2Fx.mp4', {}],
    ['missing video', '/v1/api/video?filename=lean-missing%2Fx.mp4', {}],
    ['falls through (trailing slash)', `/v1/api/video/${video.slice(13)}`, {}],
  ];

  it.each(cases)('%s', async (_, path, headers, method = 'GET') => {
    const auth = async (t: TestApp) => ({
      authorization: `Bearer ${await t.token()}`,
      ...headers,
    });
    const [a, b] = [
      await answer(lean, path, await auth(lean), method),
      await answer(nest, path, await auth(nest), method),
    ];
    expect(a).toEqual(b);
  });

  it.each([
    ['no token', video, {}],
    ['a token without video:read', video, { scope: 'video:write' }],
    ['a bad playback signature', `${video}&uid=u&exp=1&sig=abc`, {}],
    ['a bad HLS grant', '/v1/api/video/hls/abc/master.m3u8', {}],
  ])('refuses %s the same way', async (_, path, claims) => {
    const auth = async (t: TestApp): Promise<Record<string, string>> =>
      'scope' in claims
        ? { authorization: `Bearer ${await t.token(claims)}` }
        : {};
    const [a, b] = [
      await answer(lean, path, await auth(lean), 'GET'),
      await answer(nest, path, await auth(nest), 'GET'),
    ];
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(a).toEqual(b);
  });

  it('counts its requests in the same http_request_duration_seconds series', async () => {
    const series = async (t: TestApp) =>
      (await (await fetch(`${t.baseUrl}/metrics`)).text())
        .split('\n')
        .filter((l) => l.startsWith('http_request_duration_seconds_count'))
        .filter((l) => !l.includes('/metrics'))
        .sort();
    const [a, b] = [await series(lean), await series(nest)];
    const partial =
      'http_request_duration_seconds_count{method="GET",route="/v1/api/video",status="206"}';
    expect(a.some((line) => line.startsWith(partial))).toBe(true);
    expect(a).toEqual(b);
  });
});
