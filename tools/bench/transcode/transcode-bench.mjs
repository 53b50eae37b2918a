#!/usr/bin/env node
// Benchmark of apps/transcode-worker on this machine, against the real stack (Kafka, S3Proxy) and
// Debian's ffmpeg, for each x264 preset asked for:
//   1. subject: a 60 s 1080p30 H.264/AAC source (ffmpeg lavfi testsrc2 + sine, made once and
//      cached) is uploaded to S3, then a video-uploaded is sent to the built worker (private
//      topics and HLS prefix); measured from the upload's completion to video-ready `early`
//      (first rendition playable, target <= 10 s) and to video-ready `final` (whole ladder,
//      target <= 1.5x the duration);
//   2. baseline, same run, same machine: the same two ffmpeg commands run directly on a local
//      file (no Kafka, no S3), i.e. the floor the worker adds its overhead to;
//   3. quality: PSNR of each rung against the source (the rung scaled back to 1080p, bicubic),
//      over the first BENCH_PSNR_SECONDS.
// The 1- and 5-minute load averages are printed: the machine is shared.
// Usage: npx nx build transcode-worker && flock <bench lock> node tools/bench/transcode/transcode-bench.mjs
// Env: BENCH_PRESETS (veryfast), BENCH_SECONDS (60), BENCH_PSNR_SECONDS (20), BENCH_PORT (3540).
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import {
  devKafkaBrokers,
  devS3,
  dropKafkaSession,
  makeTestVideo,
} from '#dev-stack';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(join(root, 'package.json'));
const { Kafka, logLevel } = require('kafkajs');
const s3sdk = require('@aws-sdk/client-s3');

const MAIN = join(root, 'dist/apps/transcode-worker/main.js');
const PRESETS = (process.env.BENCH_PRESETS ?? 'veryfast').split(',');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const PSNR_SECONDS = Number(process.env.BENCH_PSNR_SECONDS ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 3540);
const BUCKET = 'videos';
const run = `bench-${randomUUID().slice(0, 8)}`;
const work = join(tmpdir(), 'transcode-bench');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const load = () =>
  loadavg()
    .slice(0, 2)
    .map((l) => l.toFixed(1))
    .join(' / ');

const { endpoint, accessKeyId, secretAccessKey } = devS3();
const s3 = new s3sdk.S3Client({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId, secretAccessKey },
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});

function makeSource() {
  mkdirSync(work, { recursive: true });
  const file = join(work, `source-1080p-${SECONDS}s.mp4`);
  if (!existsSync(file)) {
    console.log(
      `making the ${SECONDS} s 1080p30 H.264/AAC source (once; cached in ${work})`,
    );
    makeTestVideo(file, {
      width: 1920,
      height: 1080,
      seconds: SECONDS,
      preset: 'veryfast',
      bitrate: '6M',
      gop: 60,
      audioBitrate: '128k',
    });
  }
  return file;
}

/** What the worker's two ffmpeg steps cost alone, timed here on local files. */
function baseline(source, preset) {
  const out = join(work, `baseline-${preset}`);
  rmSync(out, { recursive: true, force: true });
  // The worker's HLS output (hlsOutput in apps/transcode-worker/src/infra/ffmpeg/ffmpeg-args.ts),
  // restated on purpose: the baseline is the product's ffmpeg contract timed alone, and a tool
  // never imports an app's code. A change there is mirrored here, or the ratio compares other work.
  const hls = (dir) => {
    mkdirSync(join(out, dir), { recursive: true });
    return [
      '-f',
      'hls',
      '-hls_time',
      '4',
      '-hls_playlist_type',
      'vod',
      '-hls_segment_type',
      'fmp4',
      '-hls_fmp4_init_filename',
      'init.mp4',
      '-hls_segment_filename',
      join(out, dir, 'seg-%05d.m4s'),
      join(out, dir, 'index.m3u8'),
    ];
  };
  // Wall time, and ffmpeg's CPU time (bash's \`times\`: the children's user and system time):
  // CPU / cores is what the same encode takes on a machine nobody else uses.
  const time = (args) => {
    const started = process.hrtime.bigint();
    const r = spawnSync(
      'bash',
      [
        '-c',
        'ffmpeg "$@" >/dev/null && times',
        'bash',
        '-v',
        'error',
        '-y',
        '-i',
        source,
        ...args,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`);
    const children = r.stdout.trim().split('\n').at(-1) ?? '';
    const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
      (sum, m) => sum + Number(m[1]) * 60 + Number(m[2]),
      0,
    );
    return { wall: Number(process.hrtime.bigint() - started) / 1e9, cpu };
  };
  const remux = time([
    '-map',
    '0:v:0',
    '-map',
    '0:a:0',
    '-c',
    'copy',
    ...hls('copy'),
  ]);
  const rungs = [
    [640, 360, 550000],
    [1280, 720, 2210000],
    [1920, 1080, 4980000],
  ];
  const filter =
    `[0:v]split=3[s0][s1][s2];` +
    rungs
      .map(
        ([w, h], i) =>
          `[s${i}]scale=${w}:${h}:flags=bicubic,format=yuv420p[v${i}]`,
      )
      .join(';');
  const ladder = time([
    '-filter_complex',
    filter,
    ...rungs.flatMap(([, h, b], i) => [
      '-map',
      `[v${i}]`,
      '-map',
      '0:a:0',
      '-c:v',
      'libx264',
      '-preset',
      preset,
      '-profile:v',
      'high',
      '-level:v',
      '4.1',
      '-b:v',
      String(b),
      '-maxrate',
      String(Math.round(b * 1.1)),
      '-bufsize',
      String(Math.round(b * 2.2)),
      '-force_key_frames',
      'expr:gte(t,n_forced*4)',
      '-sc_threshold',
      '0',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      ...hls(`${h}p`),
    ]),
  ]);
  rmSync(out, { recursive: true, force: true });
  return { remux, ladder };
}

async function startWorker(topics, preset) {
  const child = spawn(process.execPath, [MAIN], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      OTEL_SDK_DISABLED: 'true',
      LOG_LEVEL: 'warn',
      VIDEO_UPLOADED_TOPIC: topics.uploaded,
      VIDEO_READY_TOPIC: topics.ready,
      VIDEO_FAILED_TOPIC: topics.failed,
      TRANSCODER_GROUP_ID: `${run}-worker`,
      HLS_PREFIX: `${run}/`,
      TRANSCODE_PRESET: preset,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null)
      throw new Error(`worker exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${PORT}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await sleep(500);
  }
  throw new Error('worker not ready after 120 s');
}

async function subject(kafka, source, preset) {
  const topics = {
    uploaded: `${run}-${preset}-uploaded`,
    ready: `${run}-${preset}-ready`,
    failed: `${run}-${preset}-failed`,
  };
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [...Object.values(topics), `${topics.uploaded}.dlq`].map(
      (topic) => ({ topic, numPartitions: 1 }),
    ),
  });
  const seen = {};
  const consumer = kafka.consumer({ groupId: `${run}-${preset}-collector` });
  await consumer.connect();
  await consumer.subscribe({
    topics: [topics.ready, topics.failed],
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const event = JSON.parse(message.value.toString());
      seen[topic === topics.failed ? 'failed' : event.ladder] = {
        at: Date.now(),
        event,
      };
    },
  });
  const worker = await startWorker(topics, preset);
  const producer = kafka.producer();
  await producer.connect();
  const key = `${run}/bench-1080p.mp4`;
  try {
    await s3.send(
      new s3sdk.PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: readFileSync(source),
        ContentType: 'video/mp4',
      }),
    );
    const uploaded = Date.now();
    const etag = (
      await s3.send(new s3sdk.HeadObjectCommand({ Bucket: BUCKET, Key: key }))
    ).ETag;
    await producer.send({
      topic: topics.uploaded,
      messages: [
        {
          key,
          value: JSON.stringify({
            schemaVersion: 1,
            eventId: randomUUID(),
            occurredAt: new Date().toISOString(),
            videoKey: key,
            source: { bucket: BUCKET, key, etag },
            sizeBytes: statSync(source).size,
            contentType: 'video/mp4',
            uploadedBy: 'bench',
            uploadProtocol: 'single-request',
            trace: { traceparent: null },
          }),
        },
      ],
    });
    while (!seen.final && !seen.failed) {
      if (Date.now() - uploaded > 30 * 60_000)
        throw new Error('no video-ready final within 30 min');
      await sleep(100);
    }
    if (seen.failed)
      throw new Error(
        `video-failed: ${JSON.stringify(seen.failed.event.reason)}`,
      );
    return {
      key,
      early: seen.early && (seen.early.at - uploaded) / 1000,
      final: (seen.final.at - uploaded) / 1000,
      renditions: seen.final.event.renditions,
    };
  } finally {
    worker.kill('SIGTERM');
    await dropKafkaSession({
      clients: [consumer, producer],
      admin,
      topics: [...Object.values(topics), `${topics.uploaded}.dlq`],
    });
  }
}

/** PSNR (average, dB) of a rung's playlist against the source, the rung scaled to the source size. */
async function psnr(source, playlistKey) {
  const local = join(work, 'rung', playlistKey);
  const prefix = playlistKey.slice(0, playlistKey.lastIndexOf('/') + 1);
  const list = await s3.send(
    new s3sdk.ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }),
  );
  for (const { Key } of list.Contents ?? []) {
    if (!Key) continue;
    const { Body } = await s3.send(
      new s3sdk.GetObjectCommand({ Bucket: BUCKET, Key }),
    );
    if (!Body) throw new Error(`s3://${BUCKET}/${Key} answered without a body`);
    mkdirSync(dirname(join(work, 'rung', Key)), { recursive: true });
    writeFileSync(join(work, 'rung', Key), await Body.transformToByteArray());
  }
  // ffmpeg prints the PSNR summary on stderr.
  const r = spawnSync(
    'ffmpeg',
    [
      '-v',
      'info',
      '-t',
      String(PSNR_SECONDS),
      '-i',
      local,
      '-t',
      String(PSNR_SECONDS),
      '-i',
      source,
      '-lavfi',
      '[0:v]scale=1920:1080:flags=bicubic[a];[a][1:v]psnr',
      '-f',
      'null',
      '-',
    ],
    { encoding: 'utf8' },
  );
  return r.stderr;
}

function psnrOf(stderr) {
  return Number(/average:([\d.]+|inf)/.exec(stderr)?.[1] ?? NaN);
}

async function cleanup() {
  const list = await s3.send(
    new s3sdk.ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${run}/` }),
  );
  for (const o of list.Contents ?? [])
    await s3.send(
      new s3sdk.DeleteObjectCommand({ Bucket: BUCKET, Key: o.Key }),
    );
  rmSync(join(work, 'rung'), { recursive: true, force: true });
}

async function main() {
  if (!existsSync(MAIN))
    throw new Error(`${MAIN} is missing: npx nx build transcode-worker`);
  const source = makeSource();
  const kafka = new Kafka({
    clientId: run,
    brokers: devKafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  console.log(
    `source: ${SECONDS} s 1920x1080 30 fps, ${(statSync(source).size / 1e6).toFixed(1)} MB; cores ${cpus().length}; load average (1/5 min) at start ${load()}`,
  );
  const rows = [];
  for (const preset of PRESETS) {
    const base = baseline(source, preset);
    console.log(
      `[${preset}] baseline ffmpeg alone: remux ${base.remux.wall.toFixed(1)} s, ladder ${base.ladder.wall.toFixed(1)} s wall, ${base.ladder.cpu.toFixed(1)} s CPU = ${(base.ladder.cpu / cpus().length).toFixed(1)} s on ${cpus().length} idle cores (load ${load()})`,
    );
    const sub = await subject(kafka, source, preset);
    console.log(
      `[${preset}] worker: early rendition ${sub.early?.toFixed(1)} s, final ladder ${sub.final.toFixed(1)} s after the upload (load ${load()})`,
    );
    const quality = [];
    for (const r of sub.renditions) {
      const db = psnrOf(await psnr(source, r.playlistKey));
      quality.push(
        `${r.height}p ${(r.bandwidth / 1e6).toFixed(2)} Mb/s ${db.toFixed(2)} dB`,
      );
    }
    rows.push({ preset, base, sub, quality });
    await cleanup();
  }
  console.log(
    `\n| preset | first playable (target <= 10 s) | ladder (target <= ${1.5 * SECONDS} s = 1.5x) | x duration | baseline ffmpeg remux / ladder (wall) | ladder CPU / cores | worker / baseline (ladder) | PSNR per rung vs source (first ${PSNR_SECONDS} s) | load 1/5 min at end |`,
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const { preset, base, sub, quality } of rows)
    console.log(
      `| ${preset} | ${sub.early?.toFixed(1)} s | ${sub.final.toFixed(1)} s | ${(sub.final / SECONDS).toFixed(2)}x | ${base.remux.wall.toFixed(1)} s / ${base.ladder.wall.toFixed(1)} s | ${(base.ladder.cpu / cpus().length).toFixed(1)} s | ${(sub.final / base.ladder.wall).toFixed(2)} | ${quality.join('; ')} | ${load()} |`,
    );
  s3.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
