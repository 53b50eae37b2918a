#!/usr/bin/env node
// The resumable-upload target of issue 12: "a 2 GB upload interrupted at 50% resumes from where it
// stopped; stream-service RSS growth during it at most 100 MB". Against the real stack (S3, Kafka,
// PostgreSQL for the tus locks), with a built stream-service (dist) on BENCH_PORT:
//   1. a BENCH_BYTES file (default 2 GiB, the default UPLOAD_MAX_BYTES) on disk: an MP4 ftyp box,
//      the only thing the upload sniffing checks, then pseudo-random bytes (not a playable video;
//      a transcode-worker on the shared topic ends it as `failed`), its sha256 taken while written;
//   2. tools/upload's tus client in a child process, SIGKILLed once half the bytes are sent;
//   3. the server's Upload-Offset (HEAD), then the same client again, resuming from its state file;
//   4. the object's size (HEAD) and sha256 (GET) against the source;
//   5. stream-service's VmRSS (/proc/PID/status) every 100 ms from before the upload to its end.
// The object, the state file and the temp file are removed at the end.
// Usage: npx nx build stream-service && flock <bench lock> node tools/bench/upload/upload-bench.mjs
// Env: BENCH_BYTES (2147483648), BENCH_CHUNK_MIB (64), BENCH_PORT (3550; the JWKS on BENCH_PORT+1).
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { openSync, readFileSync, rmSync } from 'node:fs';
import { writeSync, closeSync, statfsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import {
  appProcess,
  removeObject,
  S3,
  s3Client,
  sleep,
} from '../stream/lib/setup.mjs';
import { tusUpload } from '#tools/upload/tus-upload.mjs';

const BYTES = Number(process.env.BENCH_BYTES ?? 2 * 1024 ** 3);
const CHUNK = Number(process.env.BENCH_CHUNK_MIB ?? 64) * 1024 ** 2;
const PORT = Number(process.env.BENCH_PORT ?? 3550);
const MB = 1e6;
const TARGET_RSS_GROWTH = 100 * MB;

// The client half: one tus upload, progress as JSON lines on stdout (the parent kills it).
if (process.argv[2] === '--client') {
  const { base, file, key, token } = JSON.parse(process.argv[3]);
  let last = 0;
  const result = await tusUpload({
    base,
    file,
    size: BYTES,
    key,
    type: 'video/mp4',
    token,
    chunkBytes: CHUNK,
    onProgress: (sent) => {
      if (sent - last < 16 * 1024 ** 2 && sent !== BYTES) return;
      last = sent;
      process.stdout.write(`${JSON.stringify({ sent })}\n`);
    },
  });
  process.stdout.write(`${JSON.stringify({ done: true, ...result })}\n`);
  process.exit(0);
}

function makeSource(file) {
  const fd = openSync(file, 'w', 0o600);
  const hash = createHash('sha256');
  const block = 8 * 1024 ** 2;
  for (let at = 0; at < BYTES; at += block) {
    const chunk = randomBytes(Math.min(block, BYTES - at));
    if (at === 0) Buffer.from('000000186674797069736f6d', 'hex').copy(chunk);
    hash.update(chunk);
    writeSync(fd, chunk);
  }
  closeSync(fd);
  return hash.digest('hex');
}

async function startAuth(port) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256' };
  const server = http
    .createServer((_, res) => res.end(JSON.stringify({ keys: [jwk] })))
    .listen(port, '127.0.0.1');
  const token = await new SignJWT({ scope: 'video:read video:write' })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
    .setSubject('bench-upload')
    .setIssuer('video-streaming-auth')
    .setAudience('video-streaming')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);
  return { url: `http://127.0.0.1:${port}/jwks.json`, token, server };
}

/** VmRSS of a process in bytes, sampled until stop(). */
function sampleRss(pid) {
  const read = () => {
    const m = /VmRSS:\s+(\d+) kB/.exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    if (!m) throw new Error(`no VmRSS in /proc/${pid}/status`);
    return Number(m[1]) * 1024;
  };
  const start = read();
  let max = start;
  const timer = setInterval(() => (max = Math.max(max, read())), 100);
  return {
    start,
    stop: () => {
      clearInterval(timer);
      return { start, max, end: read() };
    },
  };
}

/** Runs the client; resolves with its last progress once it finished or was killed at `killAt`. */
function runClient(args, env, killAt) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), '--client', JSON.stringify(args)],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let first;
    let sent = 0;
    let done = false;
    let buffered = '';
    child.stdout.on('data', (d) => {
      buffered += d;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const msg = JSON.parse(line);
        if (msg.done) done = true;
        if (msg.sent === undefined) continue;
        first ??= msg.sent;
        sent = msg.sent;
        if (killAt && sent >= killAt) child.kill('SIGKILL');
      }
    });
    child.once('exit', (code, signal) =>
      done || signal === 'SIGKILL'
        ? resolve({ first, sent, done, signal })
        : reject(new Error(`tus client exited with ${code}`)),
    );
  });
}

async function sha256OfObject(s3, key) {
  const out = await s3.send(
    new GetObjectCommand({ Bucket: S3.bucket, Key: key }),
  );
  const hash = createHash('sha256');
  for await (const chunk of out.Body) hash.update(chunk);
  return hash.digest('hex');
}

const gb = (b) => `${(b / 1e9).toFixed(2)} GB`;
const mb = (b) => `${(b / MB).toFixed(1)} MB`;

async function main() {
  const free = statfsSync(tmpdir());
  // The source, and S3Proxy's parts plus the assembled object on the same machine.
  if (free.bavail * free.bsize < 4 * BYTES)
    throw new Error(`${tmpdir()} needs about ${gb(4 * BYTES)} free`);
  const runId = randomUUID().slice(0, 8);
  const file = path.join(tmpdir(), `upload-bench-${runId}.mp4`);
  const stateFile = path.join(tmpdir(), `upload-bench-${runId}.json`);
  const key = `bench-upload/${runId}.mp4`;
  const stops = [];
  const s3 = s3Client();
  try {
    console.log(`writing a ${gb(BYTES)} source to ${file}`);
    const sourceSha = makeSource(file);
    stops.push(() => rmSync(file, { force: true }));
    stops.push(() => rmSync(stateFile, { force: true }));
    stops.push(() =>
      rmSync(`${stateFile}.lock`, { recursive: true, force: true }),
    );
    const auth = await startAuth(PORT + 1);
    stops.push(() => auth.server.close());
    const svc = await appProcess('stream-service', PORT, {
      AUTH_JWKS_URL: auth.url,
      UPLOAD_MAX_BYTES: String(Math.max(BYTES, 2 * 1024 ** 3)),
    }).start();
    stops.push(() => svc.kill());
    stops.push(() => removeObject(key));
    await sleep(2000); // let startup allocations settle before the baseline
    const rss = sampleRss(svc.pid);
    const args = { base: svc.base, file, key, token: auth.token };
    const env = { VIDEO_UPLOAD_STATE: stateFile };
    const started = performance.now();
    const cut = await runClient(args, env, BYTES / 2);
    const cutSeconds = (performance.now() - started) / 1000;
    const url = Object.values(JSON.parse(readFileSync(stateFile, 'utf8')))[0]
      ?.uploadUrl;
    if (!url) throw new Error('the killed client left no upload URL to resume');
    // The finished upload's .info stays for late HEADs until the expiry sweep; not this one's.
    stops.push(() => removeObject(`.uploads/${url.split('/').pop()}.info`));
    await sleep(500); // the killed PATCH ends on the server
    const offset = Number(
      (
        await fetch(url, {
          method: 'HEAD',
          headers: {
            authorization: `Bearer ${auth.token}`,
            'tus-resumable': '1.0.0',
          },
        })
      ).headers.get('upload-offset'),
    );
    const resumedAt = performance.now();
    const rest = await runClient(args, env);
    const seconds = (performance.now() - started) / 1000;
    const restSeconds = (performance.now() - resumedAt) / 1000;
    const memory = rss.stop();
    const head = await s3
      .send(new HeadObjectCommand({ Bucket: S3.bucket, Key: key }))
      .catch(() => ({ ContentLength: undefined }));
    const objectSha =
      head.ContentLength === undefined
        ? 'missing'
        : await sha256OfObject(s3, key);
    const growth = memory.max - memory.start;
    console.log(
      `load average (1/5 min): ${loadavg()
        .slice(0, 2)
        .map((l) => l.toFixed(1))
        .join(' / ')}`,
    );
    console.log(
      `client killed at ${cut.sent} bytes sent (${((cut.sent / BYTES) * 100).toFixed(1)}%), after ${cutSeconds.toFixed(1)} s`,
    );
    console.log(
      `server offset after the kill: ${offset} bytes; the resumed client's first progress: ${rest.first} bytes`,
    );
    console.log(
      `resumed run sent ${gb(BYTES - offset)} in ${restSeconds.toFixed(1)} s; whole upload ${seconds.toFixed(1)} s`,
    );
    console.log(
      head.ContentLength === undefined
        ? 'object: MISSING (the upload was not finished into a video)'
        : `object: ${head.ContentLength} bytes (source ${BYTES}), sha256 ${objectSha === sourceSha ? 'matches' : 'DIFFERS'}`,
    );
    console.log(
      `stream-service RSS: start ${mb(memory.start)}, max ${mb(memory.max)}, end ${mb(memory.end)}; max growth ${mb(growth)} (target <= ${mb(TARGET_RSS_GROWTH)})`,
    );
    const ok =
      rest.done &&
      // The server kept what it received: at most one PATCH less than the client had sent
      // (its last progress line may trail the socket), and the resumed client started there.
      offset > 0 &&
      Math.abs(offset - cut.sent) <= CHUNK &&
      rest.first >= offset &&
      head.ContentLength === BYTES &&
      objectSha === sourceSha &&
      growth <= TARGET_RSS_GROWTH;
    console.log(ok ? 'PASS' : 'FAIL');
    if (!ok) process.exitCode = 1;
  } finally {
    for (const stop of stops.reverse()) await stop();
    s3.destroy();
  }
}

await main();
