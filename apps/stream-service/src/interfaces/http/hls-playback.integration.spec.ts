import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HlsUrls } from '../../application/hls-playback/hls-urls';
import { collectAccessEvents } from '../../testing/kafka-events';
import {
  generateHlsLadder,
  publishLadder,
  type Ladder,
} from '../../testing/hls-ladder';
import { fixtureS3 } from '../../testing/s3-fixtures';
import { startTestApp, type TestApp } from '../../testing/test-app';

const SAMPLE = join(__dirname, '../../../../../assets/videos/video-test.mp4');

interface Status {
  key: string;
  state: string;
  reason?: { code: string; message: string };
  durationSeconds: number | null;
  renditions: { height: number; bandwidth: number }[];
  posterUrl: string | null;
}

describe('HLS playback: video state, signed playlists and segments', () => {
  let t: TestApp;
  let s3: ReturnType<typeof fixtureS3>;
  let ladder: Ladder;
  const viewer = `viewer-${randomUUID()}`;
  let token: string;
  const prefix = `it-hls-${randomUUID()}`;
  const key = `${prefix}/movie.mp4`;
  const created: string[] = [];
  const local = (url: string) => {
    const u = new URL(url);
    return `${t.baseUrl}${u.pathname}${u.search}`;
  };
  const status = async (k: string) => {
    const res = await fetch(
      `${t.baseUrl}/v1/api/videos/${encodeURIComponent(k)}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    return { code: res.status, body: (await res.json()) as Status };
  };
  const playback = async (k: string) =>
    (await (
      await fetch(
        `${t.baseUrl}/v1/api/video/playback?filename=${encodeURIComponent(k)}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      )
    ).json()) as {
      url: string;
      type: string;
      sessionId?: string;
      expiresAt: string;
    };

  beforeAll(async () => {
    ladder = generateHlsLadder(SAMPLE, [
      { height: 144, videoKbps: 150 },
      { height: 360, videoKbps: 1200 },
    ]);
    t = await startTestApp({
      PUBLIC_BASE_URL: 'http://gateway.example:3000',
      METADATA_CACHE_TTL_MS: '0',
    });
    token = await t.token({ sub: viewer, scope: 'video:read video:write' });
    s3 = fixtureS3(t.config);
    await s3.put(key, readFileSync(SAMPLE), 'video/mp4');
    created.push(key);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(created.map((k) => s3.remove(k).catch(() => undefined)));
    s3.destroy();
    ladder.cleanup();
    await t.close();
  });

  it('is processing, with the MP4 as playback, until the worker publishes', async () => {
    const { code, body } = await status(key);
    expect(code).toBe(200);
    expect(body).toEqual({
      key,
      state: 'processing',
      durationSeconds: null,
      renditions: [],
      posterUrl: null,
    });
    const issued = await playback(key);
    expect(issued.type).toBe('mp4');
    expect(issued.url).toContain('/v1/api/video?filename=');
  });

  it('is ready once manifest.json is written, with rungs, duration and a poster that loads without a header', async () => {
    created.push(
      ...(await publishLadder(s3.put, key, ladder, (await s3.head(key))?.etag)),
    );
    const { body } = await status(key);
    expect(body.state).toBe('ready');
    expect(body.durationSeconds).toBeCloseTo(24, 0);
    expect(body.renditions.map((r) => r.height)).toEqual([144, 360]);
    expect(body.renditions[1].bandwidth).toBeGreaterThan(
      body.renditions[0].bandwidth,
    );
    const poster = await fetch(local(body.posterUrl ?? ''));
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
  });

  it('plays HLS without a header: master, media playlist, init and a segment range, each an access of the video', async () => {
    const events = await collectAccessEvents(viewer);
    try {
      const issued = await playback(key);
      expect(issued.type).toBe('hls');
      expect(issued.url).toMatch(
        /^http:\/\/gateway\.example:3000\/v1\/api\/video\/hls\/[^/]+\/master\.m3u8$/,
      );
      expect(Date.parse(issued.expiresAt) - Date.now()).toBeGreaterThan(
        (300 + 24 - 5) * 1000,
      );
      const master = await fetch(local(issued.url));
      expect(master.status).toBe(200);
      expect(master.headers.get('content-type')).toContain('mpegurl');
      const variant =
        (await master.text())
          .split('\n')
          .find((l) => l.endsWith('index.m3u8')) ?? '';
      const media = await fetch(new URL(variant, local(issued.url)));
      const mediaText = await media.text();
      const mediaUrl = media.url;
      expect(mediaText).toContain('#EXT-X-MAP:URI="init.mp4"');
      expect((await fetch(new URL('init.mp4', mediaUrl))).status).toBe(200);
      const segment = await fetch(new URL('seg-00001.m4s', mediaUrl), {
        headers: { range: 'bytes=0-99' },
      });
      expect(segment.status).toBe(206);
      expect((await segment.arrayBuffer()).byteLength).toBe(100);
      // The previous test's poster request may land here too: this playback's accesses carry its session.
      const ours = () =>
        events.received.filter((r) => r.event.sessionId === issued.sessionId);
      for (let i = 0; i < 150 && ours().length < 4; i++)
        await new Promise((r) => setTimeout(r, 200));
      const received = ours();
      expect(received.map((r) => r.event.videoKey)).toEqual([
        key,
        key,
        key,
        key,
      ]);
      expect(received.map((r) => r.event.userId)).toEqual(
        Array(4).fill(viewer),
      );
      expect(received.map((r) => r.event.request.status).sort()).toEqual([
        200, 200, 200, 206,
      ]);
    } finally {
      await events.stop();
    }
  });

  it('refuses a tampered or expired grant, and files outside the layout', async () => {
    const { url } = await playback(key);
    const grant = new URL(url).pathname.split('/')[5];
    const tampered = local(url).replace(
      grant,
      `${grant.slice(0, 10)}${grant[10] === 'A' ? 'B' : 'A'}${grant.slice(11)}`,
    );
    const refused = await fetch(tampered);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe(
      'INVALID_PLAYBACK_SIGNATURE',
    );
    const expired = t.app.get(HlsUrls).url(
      {
        key,
        userId: viewer,
        expiresAt: Math.floor(Date.now() / 1000) - 1,
        sessionId: randomUUID(),
      },
      'master.m3u8',
    );
    const late = await fetch(local(expired));
    expect(late.status).toBe(403);
    expect(((await late.json()) as { message: string }).message).toMatch(
      /expired/,
    );
    for (const file of [
      'manifest.json',
      '360p/..%2F..%2Fmovie.mp4',
      '..%2Fother.mp4%2Fmaster.m3u8',
    ])
      expect(
        (await fetch(local(url).replace('master.m3u8', file))).status,
      ).toBe(404);
  });

  it('reports a failure the worker wrote, with its reason', async () => {
    const broken = `${prefix}/broken.mp4`;
    await s3.put(broken, Buffer.from('not a video at all'), 'video/mp4');
    const failure = {
      schemaVersion: 1,
      videoKey: broken,
      state: 'failed',
      reason: { code: 'NOT_A_VIDEO', message: 'no video stream' },
    };
    await s3.put(
      `hls/${broken}/failed.json`,
      Buffer.from(JSON.stringify(failure)),
      'application/json',
    );
    created.push(broken, `hls/${broken}/failed.json`);
    expect((await status(broken)).body).toMatchObject({
      state: 'failed',
      reason: failure.reason,
      renditions: [],
    });
  });

  it('answers 404 for a video that does not exist and 400 for an invalid key', async () => {
    expect((await status(`${prefix}/missing.mp4`)).code).toBe(404);
    expect((await status('../x.mp4')).code).toBe(400);
  });

  it('deletes the renditions with the video: its HLS URLs then answer 404', async () => {
    const { url } = await playback(key);
    const del = await fetch(
      `${t.baseUrl}/v1/api/video?filename=${encodeURIComponent(key)}`,
      {
        method: 'DELETE',
        headers: {
          authorization: `Bearer ${await t.token({ sub: viewer, scope: 'video:write video:admin' })}`,
        },
      },
    );
    expect(del.status).toBe(204);
    expect((await fetch(local(url))).status).toBe(404);
  });
});
