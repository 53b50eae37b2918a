#!/usr/bin/env node
// stream-service benchmark, loopback only, bounded to a few minutes. Compares, in one run:
//   (a) throughput of 32 clients each downloading a 64 MiB object
//   (b) p50/p99 time to first byte of 1 MiB ranges
//   (c) stream-service RSS growth under 200 slow clients
// for stream-service (dist/apps/stream-service/main.js), the same object straight from the S3
// server (presigned GET), and a throwaway nginx serving the same file from disk.
// Needs: the stack's S3 (node tools/stack/stack.mjs up) and `npx nx build stream-service`.
import {
  S3Client,
  PutObjectCommand,
  HeadObjectCommand,
  DeleteObjectCommand,
} from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const env = (name, def) => process.env[name] ?? def;
const S3 = {
  endpoint: env('S3_ENDPOINT', 'http://127.0.0.1:4566'),
  region: env('S3_REGION', 'us-east-1'),
  bucket: env('S3_BUCKET', 'videos'),
  accessKeyId: env('S3_ACCESS_KEY_ID', 'local-dev-access-key'),
  secretAccessKey: env('S3_SECRET_ACCESS_KEY', 'local-dev-secret-key'),
};
const MIB = 1024 * 1024;
const OBJECT_BYTES = Number(env('BENCH_OBJECT_MIB', '64')) * MIB;
const CLIENTS = Number(env('BENCH_CLIENTS', '32'));
const TTFB_REQUESTS = Number(env('BENCH_TTFB_REQUESTS', '300'));
const TTFB_CONCURRENCY = Number(env('BENCH_TTFB_CONCURRENCY', '4'));
const SLOW_CLIENTS = Number(env('BENCH_SLOW_CLIENTS', '200'));
const SLOW_SECONDS = Number(env('BENCH_SLOW_SECONDS', '20'));
const KEY = `bench/stream-${OBJECT_BYTES / MIB}m.mp4`;

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Sha256 {
  constructor(secret) {
    this.h = secret
      ? createHmac('sha256', Buffer.from(secret))
      : createHash('sha256');
  }
  update(d) {
    this.h.update(d);
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

const s3Client = () =>
  new S3Client({
    endpoint: S3.endpoint,
    region: S3.region,
    credentials: S3,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

async function ensureObject(file) {
  const s3 = s3Client();
  // Deterministic content: an MP4 ftyp header, then pseudo-random bytes.
  const body = Buffer.alloc(OBJECT_BYTES);
  let seed = createHash('sha256').update('bench').digest();
  for (let i = 0; i < OBJECT_BYTES; i += 32) {
    seed = createHash('sha256').update(seed).digest();
    seed.copy(body, i);
  }
  Buffer.from('000000186674797069736f6d', 'hex').copy(body, 0);
  writeFileSync(file, body, { mode: 0o644 });
  const head = await s3
    .send(new HeadObjectCommand({ Bucket: S3.bucket, Key: KEY }))
    .catch(() => undefined);
  if (head?.ContentLength !== OBJECT_BYTES)
    await s3.send(
      new PutObjectCommand({
        Bucket: S3.bucket,
        Key: KEY,
        Body: body,
        ContentType: 'video/mp4',
      }),
    );
  s3.destroy();
}

async function presign() {
  const u = new URL(S3.endpoint);
  const signer = new SignatureV4({
    service: 's3',
    region: S3.region,
    credentials: S3,
    sha256: Sha256,
    uriEscapePath: false,
  });
  const p = `/${S3.bucket}/${KEY}`;
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: u.protocol,
      hostname: u.hostname,
      port: Number(u.port),
      path: p,
      query: {},
      headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    },
    { expiresIn: 3600 },
  );
  return `${u.origin}${p}?${new URLSearchParams(signed.query)}`;
}

async function startAuth() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwks = {
    keys: [
      {
        ...(await exportJWK(publicKey)),
        kid: 'bench',
        alg: 'ES256',
        use: 'sig',
      },
    ],
  };
  const port = await freePort();
  const server = http
    .createServer((_, res) => res.end(JSON.stringify(jwks)))
    .listen(port, '127.0.0.1');
  const token = await new SignJWT({ scope: 'video:read' })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
    .setSubject('bench')
    .setIssuer('video-streaming-auth')
    .setAudience('video-streaming')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    token,
    close: () => server.close(),
  };
}

async function waitHttp(url, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`${url} did not come up`);
}

async function startService(jwksUrl) {
  const main = path.join(repo, 'dist/apps/stream-service/main.js');
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      PORT: String(port),
      AUTH_JWKS_URL: jwksUrl,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      OTEL_TRACES_EXPORTER: process.env.OTEL_TRACES_EXPORTER ?? 'none',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitHttp(`http://127.0.0.1:${port}/health/live`);
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () => child.kill('SIGTERM'),
  };
}

async function startNginx(root) {
  const prefix = mkdtempSync(path.join(tmpdir(), 'bench-nginx-'));
  const port = await freePort();
  const conf = readFileSync(path.join(here, 'nginx.conf.template'), 'utf8')
    .replaceAll('${BENCH_NGINX_PORT}', String(port))
    .replaceAll('${BENCH_NGINX_ROOT}', root);
  writeFileSync(path.join(prefix, 'nginx.conf'), conf);
  const child = spawn(
    'nginx',
    ['-e', 'stderr', '-p', `${prefix}/`, '-c', 'nginx.conf'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await waitHttp(`http://127.0.0.1:${port}/${KEY}`);
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () => {
      child.kill('SIGQUIT');
      setTimeout(() => rmSync(prefix, { recursive: true, force: true }), 500);
    },
  };
}

/** One GET; resolves with bytes received, time to first body byte and total time (ms). */
function get(url, { headers = {}, agent, onResponse } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first = 0;
    let bytes = 0;
    const req = http.get(url, { headers, agent }, (res) => {
      if (res.statusCode >= 300)
        reject(new Error(`${url} -> ${res.statusCode}`));
      onResponse?.(res);
      res.on('data', (d) => {
        if (!first) first = performance.now() - started;
        bytes += d.length;
      });
      res.on('end', () =>
        resolve({ bytes, ttfb: first, total: performance.now() - started }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function throughput(target) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: CLIENTS }, () =>
      get(target.url, { headers: target.headers, agent }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const bytes = results.reduce((n, r) => n + r.bytes, 0);
  if (bytes !== CLIENTS * OBJECT_BYTES)
    throw new Error(`${target.name}: got ${bytes} bytes`);
  return bytes / MIB / seconds;
}

async function ttfb(target) {
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: TTFB_CONCURRENCY,
  });
  const samples = [];
  let next = 0;
  const worker = async () => {
    while (next < TTFB_REQUESTS) {
      const i = next++;
      const start = ((i * 7919) % (OBJECT_BYTES / MIB - 1)) * MIB;
      const r = await get(target.url, {
        headers: {
          ...target.headers,
          range: `bytes=${start}-${start + MIB - 1}`,
        },
        agent,
      });
      if (r.bytes !== MIB)
        throw new Error(`${target.name}: range gave ${r.bytes} bytes`);
      samples.push(r.ttfb);
    }
  };
  // Warm-up: first connections and caches are not what we measure.
  await get(target.url, {
    headers: { ...target.headers, range: 'bytes=0-0' },
    agent,
  });
  await Promise.all(Array.from({ length: TTFB_CONCURRENCY }, worker));
  agent.destroy();
  samples.sort((a, b) => a - b);
  const q = (p) =>
    samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  return { p50: q(0.5), p99: q(0.99) };
}

const rssMiB = (pid) =>
  Number(
    /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1],
  ) / 1024;

/** 200 clients that read ~64 KiB/s each: the server must hold them with bounded memory. */
async function slowClients(target, pid) {
  const before = rssMiB(pid);
  let peak = before;
  const sockets = [];
  const agent = new http.Agent({ keepAlive: false, maxSockets: SLOW_CLIENTS });
  for (let i = 0; i < SLOW_CLIENTS; i++)
    sockets.push(
      new Promise((resolve) => {
        const req = http.get(
          target.url,
          { headers: target.headers, agent },
          (res) => {
            res.pause();
            const tick = setInterval(() => {
              res.read(64 * 1024);
            }, 1000);
            setTimeout(() => {
              clearInterval(tick);
              req.destroy();
              resolve();
            }, SLOW_SECONDS * 1000);
          },
        );
        req.on('error', () => resolve());
      }),
    );
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 250);
  await Promise.all(sockets);
  clearInterval(sampler);
  agent.destroy();
  return { before, peak, growth: peak - before };
}

async function main() {
  if (spawnSync('nginx', ['-v']).error)
    throw new Error('nginx is not installed (apt-get install nginx)');
  const work = mkdtempSync(path.join(tmpdir(), 'bench-stream-'));
  // nginx workers drop to an unprivileged user: the served tree must be world-readable.
  chmodSync(work, 0o755);
  mkdirSync(path.join(work, 'bench'), { mode: 0o755 });
  const file = path.join(work, KEY);
  const stops = [];
  try {
    console.log(
      `preparing a ${OBJECT_BYTES / MIB} MiB object in s3://${S3.bucket}/${KEY} and on disk`,
    );
    await ensureObject(file);
    const auth = await startAuth();
    stops.push(auth.close);
    const service = await startService(auth.url);
    stops.push(service.stop);
    const nginx = await startNginx(work);
    stops.push(nginx.stop);
    const targets = [
      {
        name: 'stream-service',
        url: `${service.base}/v1/api/video?filename=${encodeURIComponent(KEY)}`,
        headers: { authorization: `Bearer ${auth.token}` },
      },
      { name: 'direct S3', url: await presign(), headers: {} },
      { name: 'nginx (disk)', url: `${nginx.base}/${KEY}`, headers: {} },
    ];

    const rows = [];
    for (const target of targets) {
      const mbps = await throughput(target);
      const t = await ttfb(target);
      rows.push({ name: target.name, mbps, ...t });
      console.log(
        `${target.name.padEnd(15)} throughput ${mbps.toFixed(0).padStart(6)} MiB/s   TTFB p50 ${t.p50.toFixed(2)} ms  p99 ${t.p99.toFixed(2)} ms`,
      );
    }
    const [svc, s3, ngx] = rows;
    console.log('');
    console.log(
      `(a) throughput  stream-service / direct S3 = ${(svc.mbps / s3.mbps).toFixed(2)}  (target >= 0.80);  / nginx = ${(svc.mbps / ngx.mbps).toFixed(2)}`,
    );
    console.log(
      `(b) TTFB p50    stream-service - direct S3 = ${(svc.p50 - s3.p50).toFixed(2)} ms (target <= 3 ms);  p99 delta ${(svc.p99 - s3.p99).toFixed(2)} ms;  ratio p50 ${(svc.p50 / s3.p50).toFixed(2)}, vs nginx ${(svc.p50 / ngx.p50).toFixed(2)}`,
    );
    const rss = await slowClients(targets[0], service.pid);
    console.log(
      `(c) RSS with ${SLOW_CLIENTS} slow clients for ${SLOW_SECONDS}s: ${rss.before.toFixed(0)} MiB -> peak ${rss.peak.toFixed(0)} MiB, growth ${rss.growth.toFixed(0)} MiB (target <= 150 MB)`,
    );
  } finally {
    for (const stop of stops.reverse())
      await Promise.resolve(stop()).catch(() => undefined);
    // Leave the bucket as we found it: the object would otherwise show up in every listing.
    const s3 = s3Client();
    await s3
      .send(new DeleteObjectCommand({ Bucket: S3.bucket, Key: KEY }))
      .catch(() => undefined);
    s3.destroy();
    setTimeout(() => rmSync(work, { recursive: true, force: true }), 600);
  }
}

main().then(
  () => setTimeout(() => process.exit(0), 800),
  (error) => {
    console.error(`bench: ${error.message}`);
    process.exit(1);
  },
);
