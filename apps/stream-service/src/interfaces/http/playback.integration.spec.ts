import { randomUUID } from 'node:crypto';
import { PlaybackSignature } from '../../domain/playback-signature';
import { VideoKey } from '../../domain/video-key';
import { collectAccessEvents } from '../../testing/kafka-events';
import { startTestApp, type TestApp } from '../../testing/test-app';

interface PlaybackUrl {
  url: string;
  expiresAt: string;
  sessionId: string;
}

describe('playback URLs (signed mode)', () => {
  let t: TestApp;
  let token: string;
  const issue = async (filename: string, bearer = token) =>
    // format=mp4: the sample may have HLS renditions once the transcode-worker processed it.
    fetch(
      `${t.baseUrl}/v1/api/video/playback?format=mp4&filename=${filename}`,
      {
        headers: { authorization: `Bearer ${bearer}` },
      },
    );

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: 'http://gateway.example:3000' });
    token = await t.token({ sub: 'viewer-1' });
  });
  afterAll(() => t.close());

  /** The issued URL, pointed at this test's server instead of the public base URL. */
  const local = (url: string) => {
    const u = new URL(url);
    return `${t.baseUrl}${u.pathname}${u.search}`;
  };

  it('issues a short-lived URL that streams ranges without any header', async () => {
    const res = await issue('video-test.mp4');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as PlaybackUrl;
    expect(body.url).toMatch(
      /^http:\/\/gateway\.example:3000\/v1\/api\/video\?filename=video-test\.mp4&uid=viewer-1&exp=\d+&sid=[0-9a-f-]{36}&sig=/,
    );
    expect(new URL(body.url).searchParams.get('sid')).toBe(body.sessionId);
    const ttl = (Date.parse(body.expiresAt) - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(300);
    const video = await fetch(local(body.url), {
      headers: { range: 'bytes=0-99' },
    });
    expect(video.status).toBe(206);
    expect((await video.arrayBuffer()).byteLength).toBe(100);
  });

  it('refuses a tampered URL with 403', async () => {
    const { url } = (await (
      await issue('video-test.mp4')
    ).json()) as PlaybackUrl;
    const u = new URL(local(url));
    const tamper = (name: string, value: string) => {
      const copy = new URL(u);
      copy.searchParams.set(name, value);
      return copy.toString();
    };
    for (const forged of [
      tamper('uid', 'someone-else'),
      tamper('exp', String(Number(u.searchParams.get('exp')) + 3600)),
      tamper('filename', 'other.mp4'),
      tamper('sid', randomUUID()),
      tamper('sig', 'A'.repeat(43)),
    ]) {
      const res = await fetch(forged);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({
        code: 'INVALID_PLAYBACK_SIGNATURE',
      });
    }
  });

  it('names the playback session in the access event of every request of the URL', async () => {
    const userId = `it-session-${randomUUID()}`;
    const events = await collectAccessEvents(userId);
    try {
      const res = await issue('video-test.mp4', await t.token({ sub: userId }));
      const { url, sessionId } = (await res.json()) as PlaybackUrl;
      for (const range of ['bytes=0-99', 'bytes=100-199'])
        expect((await fetch(local(url), { headers: { range } })).status).toBe(
          206,
        );
      const received = await events.waitFor(2);
      expect(received.map((r) => r.event.sessionId)).toEqual([
        sessionId,
        sessionId,
      ]);
      const again = (await (
        await issue('video-test.mp4', await t.token({ sub: userId }))
      ).json()) as PlaybackUrl;
      expect(again.sessionId).not.toBe(sessionId);
    } finally {
      await events.stop();
    }
  });

  it('refuses an expired URL with 403', async () => {
    const exp = Math.floor(Date.now() / 1000) - 1;
    const sig = new PlaybackSignature(t.config.PLAYBACK_URL_SECRET).sign(
      VideoKey.parse('video-test.mp4'),
      'viewer-1',
      exp,
    );
    const res = await fetch(
      `${t.baseUrl}/v1/api/video?filename=video-test.mp4&uid=viewer-1&exp=${exp}&sig=${sig}`,
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /expired/,
    );
  });

  it('needs a token to issue, and a video that exists', async () => {
    expect(
      (
        await fetch(
          `${t.baseUrl}/v1/api/video/playback?format=mp4&filename=video-test.mp4`,
        )
      ).status,
    ).toBe(401);
    expect((await issue('missing-video.mp4')).status).toBe(404);
    expect((await issue('../x.mp4')).status).toBe(400);
  });
});

describe('playback URLs (presigned mode)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ PLAYBACK_MODE: 'presigned' });
  });
  afterAll(() => t.close());

  it('hands out an S3 URL that serves ranges directly, and records the access when issuing it', async () => {
    const userId = `it-presign-${randomUUID()}`;
    const events = await collectAccessEvents(userId);
    try {
      const res = await fetch(
        `${t.baseUrl}/v1/api/video/playback?format=mp4&filename=video-test.mp4`,
        {
          headers: {
            authorization: `Bearer ${await t.token({ sub: userId })}`,
          },
        },
      );
      expect(res.status).toBe(200);
      const { url, sessionId } = (await res.json()) as PlaybackUrl;
      expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(
        url.startsWith(`${t.config.S3_ENDPOINT}/videos/video-test.mp4?`),
      ).toBe(true);
      expect(url).toContain('X-Amz-Signature=');
      const direct = await fetch(url, { headers: { range: 'bytes=0-99' } });
      expect(direct.status).toBe(206);
      expect((await direct.arrayBuffer()).byteLength).toBe(100);
      const tampered = await fetch(
        url.replace('video-test.mp4', 'video-test.mp4x'),
      );
      expect(tampered.status).toBeGreaterThanOrEqual(400);
      const [received] = await events.waitFor(1);
      expect(received.event).toMatchObject({
        userId,
        videoKey: 'video-test.mp4',
        sessionId,
        request: { status: 200, bytesSent: 0 },
      });
    } finally {
      await events.stop();
    }
  });
});
