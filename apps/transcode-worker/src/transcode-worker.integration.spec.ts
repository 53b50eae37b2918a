import type { VideoReadyEvent } from '@video-streaming/contracts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeFully, makeSource, probe } from './testing/media-fixtures';
import { testKafka, testS3 } from './testing/stack-clients';
import { type AppProcess, waitFor } from '@video-streaming/dev-stack';
import {
  ensureWorkerBuilt,
  privateWorkerEnv,
  startWorker,
} from './testing/worker-process';

// Against the stack's Kafka and S3Proxy and Debian's ffmpeg: the built worker as a process, on
// private topics and a private HLS prefix.
const run = `${process.pid}-${Date.now()}`;
const prefix = `it-hls-${run}/`;
const work = mkdtempSync(join(tmpdir(), 'transcode-it-'));
const s3 = testS3();
let kafka: Awaited<ReturnType<typeof testKafka>>;
let worker: AppProcess;

beforeAll(async () => {
  ensureWorkerBuilt();
  kafka = await testKafka(run);
  worker = await startWorker(
    privateWorkerEnv({
      run,
      topics: kafka.topics,
      prefix,
      workDir: join(work, 'scratch'),
      preset: 'ultrafast',
    }),
  );
}, 300_000);

afterAll(async () => {
  await worker?.stop();
  await kafka?.close();
  await s3.removeAll(prefix);
  await s3.removeAll(`it-${run}/`);
  s3.destroy();
  rmSync(work, { recursive: true, force: true });
});

describe('transcode-worker against Kafka, S3 and ffmpeg', () => {
  const key = `it-${run}/good clip.mp4`;
  let etag: string;

  it('turns a 480p H.264 upload into an early rendition, then a 360p+480p ladder that plays, never upscaled', async () => {
    etag = await s3.upload(
      key,
      makeSource(work, 'good.mp4', { width: 854, height: 480, seconds: 6 }),
    );
    const eventId = await kafka.uploaded(key, etag);

    const final = await waitFor(
      async () =>
        kafka.ready.find((e) => e.videoKey === key && e.ladder === 'final'),
      120_000,
      'the final video-ready',
    );
    const early = kafka.ready.find(
      (e) => e.videoKey === key && e.ladder === 'early',
    );
    expect(early?.renditions.map((r) => r.height)).toEqual([480]);
    expect(kafka.ready.indexOf(early as VideoReadyEvent)).toBeLessThan(
      kafka.ready.indexOf(final),
    );
    expect(final.sourceEventId).toBe(eventId);
    expect(final.renditions.map((r) => [r.width, r.height])).toEqual([
      [640, 360],
      [854, 480],
    ]);
    expect(final.posterKey).toBe(`${prefix}${key}/poster.jpg`);

    const manifest = JSON.parse(
      (await s3.text(`${prefix}${key}/manifest.json`)) ?? 'null',
    );
    expect(manifest).toMatchObject({
      state: 'ready',
      ladder: 'final',
      sourceEtag: etag,
    });

    // What a player gets: the master and every rendition, read and decoded by ffmpeg itself.
    const local = join(work, 'published');
    await s3.download(`${prefix}${key}/`, local);
    const master = probe(join(local, 'master.m3u8'));
    const heights = master.streams
      .filter((s) => s.codec_type === 'video')
      .map((s) => s.height);
    expect(heights.sort()).toEqual([360, 480]);
    expect(master.streams.some((s) => s.codec_type === 'audio')).toBe(true);
    for (const rung of ['360p', '480p', '480p-copy']) {
      const playlist = join(local, rung, 'index.m3u8');
      expect(probe(playlist).duration).toBeGreaterThan(5.5);
      expect(() => decodeFully(playlist)).not.toThrow();
    }
    expect(probe(join(local, 'poster.jpg')).streams[0]).toMatchObject({
      width: 854,
      height: 480,
    });
  });

  it('does not transcode a redelivered upload again: the same answer, nothing rewritten', async () => {
    const before = await s3.keys(`${prefix}${key}/`);
    const readyBefore = kafka.ready.filter((e) => e.videoKey === key).length;
    const skippedBefore = await worker.metric(
      'transcode_jobs_total',
      '{outcome="skipped"}',
    );

    await kafka.uploaded(key, etag);

    await waitFor(
      async () =>
        kafka.ready.filter((e) => e.videoKey === key).length > readyBefore,
      60_000,
      'the repeated video-ready',
    );
    expect(kafka.ready.at(-1)).toMatchObject({
      videoKey: key,
      ladder: 'final',
    });
    expect(
      await worker.metric('transcode_jobs_total', '{outcome="skipped"}'),
    ).toBe(skippedBefore + 1);
    expect(await s3.keys(`${prefix}${key}/`)).toEqual(before);
  });

  it('answers a file that is not a video with video-failed and the reason, and keeps consuming', async () => {
    const bad = `it-${run}/notes.mp4`;
    const file = join(work, 'notes.mp4');
    writeFileSync(file, 'these are meeting notes, not a video\n'.repeat(100));
    await kafka.uploaded(bad, await s3.upload(bad, file));

    const failed = await waitFor(
      async () => kafka.failed.find((e) => e.videoKey === bad),
      60_000,
      'video-failed',
    );
    expect(failed.reason.code).toBe('NOT_A_VIDEO');
    expect(failed.reason.message).toMatch(/Invalid data found/);
    expect(
      JSON.parse((await s3.text(`${prefix}${bad}/failed.json`)) ?? 'null'),
    ).toMatchObject({
      state: 'failed',
      reason: { code: 'NOT_A_VIDEO' },
    });
    expect(await s3.text(`${prefix}${bad}/manifest.json`)).toBeUndefined();

    // The partition moved past it: the next upload is transcoded.
    const next = `it-${run}/after.mp4`;
    const tiny = makeSource(work, 'after.mp4', {
      width: 320,
      height: 240,
      seconds: 2,
    });
    await kafka.uploaded(next, await s3.upload(next, tiny));
    const ready = await waitFor(
      async () =>
        kafka.ready.find((e) => e.videoKey === next && e.ladder === 'final'),
      120_000,
      'the next upload to be transcoded',
    );
    // Shorter than the smallest standard rung: one rung, at its own size.
    expect(ready.renditions.map((r) => r.height)).toEqual([240]);
  });
});
