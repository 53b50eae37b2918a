import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdgeGateway, type EdgeGateway } from '../../testing/edge-gateway';
import {
  generateHlsLadder,
  publishLadder,
  type Ladder,
} from '../../testing/hls-ladder';
import { collectAccessEvents } from '../../testing/kafka-events';
import { fixtureS3 } from '../../testing/s3-fixtures';
import { aFreePort, startTestApp, type TestApp } from '../../testing/test-app';

const SAMPLE = join(__dirname, '../../../../../assets/videos/video-test.mp4');

/**
 * HLS in edge mode (ADR 0021 + ADR 0026): playlists and segments fetched through a real gateway
 * rendered from docker/gateway/nginx.conf.template, which streams them from S3 after the
 * service's X-Accel-Redirect and writes one completion record each, shipped as video-accessed.
 */
describe('HLS playback through the edge gateway (DELIVERY_MODE=edge)', () => {
  let gateway: EdgeGateway;
  let t: TestApp;
  let s3: ReturnType<typeof fixtureS3>;
  let ladder: Ladder;
  const viewer = `viewer-edge-hls-${randomUUID()}`;
  const key = `it-edge-hls-${randomUUID()}/movie.mp4`;
  const created: string[] = [];

  beforeAll(async () => {
    ladder = generateHlsLadder(SAMPLE, [{ height: 144, videoKbps: 150 }]);
    const [gatewayPort, servicePort] = [await aFreePort(), await aFreePort()];
    gateway = await startEdgeGateway(gatewayPort, servicePort);
    t = await startTestApp({
      PORT: String(servicePort),
      DELIVERY_MODE: 'edge',
      EDGE_LOG_PATH: gateway.logPath,
      EDGE_LOG_POLL_MS: '50',
      PUBLIC_BASE_URL: gateway.baseUrl,
      METADATA_CACHE_TTL_MS: '0',
    });
    s3 = fixtureS3(t.config);
    await s3.put(key, readFileSync(SAMPLE), 'video/mp4');
    created.push(key);
    created.push(
      ...(await publishLadder(s3.put, key, ladder, (await s3.head(key))?.etag)),
    );
  }, 180_000);
  afterAll(async () => {
    await Promise.all(created.map((k) => s3?.remove(k).catch(() => undefined)));
    s3?.destroy();
    ladder?.cleanup();
    await t?.close();
    await gateway?.stop();
  });

  it('serves every playlist and segment byte for byte, the result plays, and each request is one access with the session id', async () => {
    const events = await collectAccessEvents(viewer);
    const work = mkdtempSync(join(tmpdir(), 'hls-edge-'));
    try {
      const token = await t.token({ sub: viewer });
      const issued = (await (
        await fetch(
          `${gateway.baseUrl}/v1/api/video/playback?filename=${encodeURIComponent(key)}`,
          { headers: { authorization: `Bearer ${token}` } },
        )
      ).json()) as { url: string; type: string; sessionId: string };
      expect(issued.type).toBe('hls');
      expect(
        issued.url.startsWith(`${gateway.baseUrl}/v1/api/video/hls/`),
      ).toBe(true);
      // What a player does: the master, the variant, its init segment and every media segment.
      const fetched: { url: URL; bytes: Buffer; status: number }[] = [];
      const get = async (url: URL) => {
        const res = await fetch(url);
        const bytes = Buffer.from(await res.arrayBuffer());
        fetched.push({ url, bytes, status: res.status });
        // The gateway moved the bytes: the service's redirect never reaches the client.
        expect(res.headers.get('x-accel-redirect')).toBeNull();
        return bytes;
      };
      const masterUrl = new URL(issued.url);
      const master = (await get(masterUrl)).toString('utf8');
      const variant = master.split('\n').find((l) => l.endsWith('index.m3u8'));
      const mediaUrl = new URL(variant ?? '', masterUrl);
      const media = (await get(mediaUrl)).toString('utf8');
      const segmentNames = media.split('\n').filter((l) => l.endsWith('.m4s'));
      expect(segmentNames.length).toBeGreaterThan(5);
      const init = await get(new URL('init.mp4', mediaUrl));
      const segments: Buffer[] = [];
      for (const name of segmentNames)
        segments.push(await get(new URL(name, mediaUrl)));
      expect(fetched.every((f) => f.status === 200)).toBe(true);
      // Byte for byte what the worker published...
      const folder = ladder.renditions[0].folder;
      expect(
        init.equals(readFileSync(join(ladder.dir, folder, 'init.mp4'))),
      ).toBe(true);
      segmentNames.forEach((name, i) =>
        expect(
          segments[i].equals(readFileSync(join(ladder.dir, folder, name))),
        ).toBe(true),
      );
      // ...and it plays: ffmpeg decodes init + segments to the end, as long as the source.
      const file = join(work, 'played.mp4');
      writeFileSync(file, Buffer.concat([init, ...segments]));
      const seconds = Number(
        execFileSync(
          'ffprobe',
          [
            '-v',
            'error',
            '-show_entries',
            'format=duration',
            '-of',
            'csv=p=0',
            file,
          ],
          { encoding: 'utf8' },
        ).trim(),
      );
      expect(seconds).toBeCloseTo(ladder.durationSeconds, 0);
      execFileSync('ffmpeg', [
        '-v',
        'error',
        '-xerror',
        '-i',
        file,
        '-f',
        'null',
        '-',
      ]);

      // One access record per request, shipped from the gateway's completion log, each with
      // the playback session, the video's key, the viewer and the bytes the client received.
      const ours = () =>
        events.received.filter((r) => r.event.sessionId === issued.sessionId);
      for (let i = 0; i < 300 && ours().length < fetched.length; i++)
        await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1000)); // a duplicate would show now
      const received = ours();
      expect(received).toHaveLength(fetched.length);
      expect(new Set(received.map((r) => r.event.eventId)).size).toBe(
        fetched.length,
      );
      for (const r of received)
        expect(r.event).toMatchObject({
          videoKey: key,
          userId: viewer,
          request: { status: 200, outcome: 'completed' },
        });
      expect(
        received.map((r) => r.event.request.bytesSent).sort((a, b) => a - b),
      ).toEqual(fetched.map((f) => f.bytes.length).sort((a, b) => a - b));
    } finally {
      rmSync(work, { recursive: true, force: true });
      await events.stop();
    }
  }, 180_000);
});
