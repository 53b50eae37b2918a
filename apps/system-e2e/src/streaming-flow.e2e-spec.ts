import { randomUUID } from 'node:crypto';
import {
  GATEWAY,
  eventually,
  objectBytes,
  sha256,
  withDatabase,
} from './support/stack';

/** The seed's flow through the gateway: token, full stream, ranged stream, the access log rows. */
describe('token -> stream -> access log', () => {
  const userId = `e2e-${randomUUID()}`;
  let token: string;
  let stored: Buffer;

  beforeAll(async () => {
    stored = await objectBytes('video-test.mp4');
    const res = await fetch(`${GATEWAY}/v1/api/auth/token?userId=${userId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      access_token: string;
      token_type: string;
    };
    expect(body.token_type).toBe('Bearer');
    token = body.access_token;
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${GATEWAY}${path}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });

  it('streams the whole stored object', async () => {
    const res = await get('/v1/api/video?filename=video-test.mp4');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Number(res.headers.get('content-length'))).toBe(stored.length);
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(stored));
  });

  it('serves a byte range with 206 and the exact bytes', async () => {
    const res = await get('/v1/api/video?filename=video-test.mp4', {
      range: 'bytes=1000-1999',
    });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(
      `bytes 1000-1999/${stored.length}`,
    );
    expect(
      Buffer.from(await res.arrayBuffer()).equals(stored.subarray(1000, 2000)),
    ).toBe(true);
  });

  it('refuses a request without a token', async () => {
    const res = await fetch(`${GATEWAY}/v1/api/video?filename=video-test.mp4`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      statusCode: 401,
      error: 'Unauthorized',
    });
  });

  it('answers 404 in JSON for a file that does not exist', async () => {
    const res = await get(`/v1/api/video?filename=missing-${randomUUID()}.mp4`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ statusCode: 404 });
  });

  it('answers 400 for a token request without userId', async () => {
    const res = await fetch(`${GATEWAY}/v1/api/auth/token`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: 400 });
  });

  it('records every access as one row in access_logs within seconds', async () => {
    type Row = {
      status: number;
      bytes_sent: string;
      range: string | null;
      video_key: string;
    };
    const rows = await eventually(() =>
      withDatabase(async (db) => {
        const { rows } = await db.query<Row>(
          'SELECT status, bytes_sent, range, video_key FROM access_log.access_logs WHERE user_id = $1 ORDER BY occurred_at',
          [userId],
        );
        return rows.length >= 3 ? rows : undefined;
      }),
    );
    expect(rows).toBeDefined();
    const byStatus = (s: number) => rows!.filter((r) => r.status === s);
    expect(byStatus(200)).toEqual([
      expect.objectContaining({
        video_key: 'video-test.mp4',
        bytes_sent: String(stored.length),
        range: null,
      }),
    ]);
    expect(byStatus(206)).toEqual([
      expect.objectContaining({ bytes_sent: '1000', range: 'bytes=1000-1999' }),
    ]);
    expect(byStatus(404)).toHaveLength(1);
  });
});
