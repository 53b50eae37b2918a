import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSource } from './testing/media-fixtures';
import { testKafka, testS3 } from './testing/stack-clients';
import { waitFor } from '@video-streaming/dev-stack';
import {
  ensureWorkerBuilt,
  privateWorkerEnv,
  startWorker,
} from './testing/worker-process';

const run = `${process.pid}-${Date.now()}-stop`;
const prefix = `it-hls-${run}/`;
const work = mkdtempSync(join(tmpdir(), 'transcode-it-'));
const s3 = testS3();
let kafka: Awaited<ReturnType<typeof testKafka>>;

beforeAll(async () => {
  ensureWorkerBuilt();
  kafka = await testKafka(run);
}, 300_000);

afterAll(async () => {
  await kafka?.close();
  await s3.removeAll(prefix);
  await s3.removeAll(`it-${run}/`);
  s3.destroy();
  rmSync(work, { recursive: true, force: true });
});

// Slow on purpose (medium): the ladder must still be running when SIGTERM arrives.
const env = () =>
  privateWorkerEnv({
    run,
    topics: kafka.topics,
    prefix,
    workDir: join(work, 'scratch'),
    preset: 'medium',
  });

it('SIGTERM mid-ladder kills ffmpeg, publishes nothing, and the job is done by the next worker', async () => {
  // MPEG-4 Part 2 cannot be remuxed into fMP4 HLS: no early rendition, the ladder is the only step.
  const key = `it-${run}/long.mp4`;
  const source = makeSource(work, 'long.mp4', {
    width: 1280,
    height: 720,
    seconds: 20,
    codec: 'mpeg4',
  });
  await kafka.uploaded(key, await s3.upload(key, source));

  const first = await startWorker(env());
  await waitFor(
    async () =>
      (await first.metric('transcode_progress_ratio', '{phase="ladder"}')) > 0,
    120_000,
    'the ladder to be under way',
  );
  const stoppedAt = Date.now();
  const exit = await first.stop('SIGTERM');
  expect(Date.now() - stoppedAt).toBeLessThan(15_000);
  // A clean close ends as Nest ends it: the signal raised again once the app is closed (not the
  // shutdown deadline's exit code 1).
  expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
  expect(first.output).toMatch(/cancelled/);
  expect(await s3.keys(`${prefix}${key}/`)).toEqual([]);
  expect(kafka.ready.filter((e) => e.videoKey === key)).toEqual([]);

  const second = await startWorker(env());
  try {
    const ready = await waitFor(
      async () =>
        kafka.ready.find((e) => e.videoKey === key && e.ladder === 'final'),
      240_000,
      'the restarted worker to finish the job',
    );
    expect(ready.renditions.map((r) => r.height)).toEqual([360, 720]);
    expect(
      kafka.ready.filter((e) => e.videoKey === key).map((e) => e.ladder),
    ).toEqual(['final']);
  } finally {
    await second.stop();
  }
}, 420_000);
