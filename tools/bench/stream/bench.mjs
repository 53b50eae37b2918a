#!/usr/bin/env node
// stream-service delivery benchmark (issue 11), loopback only, bounded (~3-4 minutes). In ONE run,
// with wrk as the load client, it measures side by side:
//   direct S3 (presigned GET on the stack's S3), nginx serving the same file from disk,
//   nginx passing requests through to S3 with no decision (the ceiling of any gateway in between),
//   a bare Node.js pass-through to S3 (lib/node-pass.mjs: the ceiling of any Node proxy),
//   edge mode (the project's gateway template in front of stream-service, DELIVERY_MODE=edge),
//   edge mode with the slice cache (EDGE_CACHE=on), and proxy mode (stream-service alone);
// prints the ratios against the targets, then runs the access-record check (10,000 mixed requests
// through the edge with stream-service SIGKILLed twice; rows counted in access_logs).
// Needs: the stack (Kafka, S3, PostgreSQL), `npx nx run-many -t build -p stream-service,access-log-consumer`,
// Debian's nginx and wrk. Run one bench at a time on a shared machine (BENCHMARKS.md).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { accessRecordCheck } from './lib/access-records.mjs';
import {
  appProcess,
  ensureObject,
  presign,
  removeObject,
  startAuth,
  startGateway,
  startNginx,
  waitHttp,
} from './lib/setup.mjs';
import { ttfb } from './lib/ttfb.mjs';
import { assertWrk, wrk } from './lib/wrk.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const MIB = 1024 * 1024;
const BASE = Number(process.env.BENCH_PORT_BASE ?? 3250);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const BIG = { key: `bench/stream-64m-${process.pid}.mp4`, bytes: 64 * MIB };
const SMALL = { key: `bench/stream-2m-${process.pid}.mp4`, bytes: 2 * MIB };
const fmt = (n, d = 2) => n.toFixed(d);
const gbps = (b) => `${fmt(b / 1e9)} GB/s`;

async function main() {
  assertWrk();
  const work = mkdtempSync(path.join(tmpdir(), 'bench-stream-'));
  chmodSync(work, 0o755);
  mkdirSync(path.join(work, 'bench'), { mode: 0o755 });
  const stops = [];
  try {
    console.log(
      `preparing ${BIG.bytes / MIB} MiB and ${SMALL.bytes / MIB} MiB objects in S3 and on disk`,
    );
    await ensureObject(BIG.key, BIG.bytes, path.join(work, BIG.key));
    await ensureObject(SMALL.key, SMALL.bytes);
    const auth = await startAuth(BASE);
    stops.push(auth.close);
    const common = { AUTH_JWKS_URL: auth.url };
    const start = async (name, port, env) => {
      const p = await appProcess(name, port, env).start();
      stops.push(() => p.kill());
      return p;
    };
    const edgeGw = await startGateway(BASE + 1, BASE + 2);
    stops.push(edgeGw.stop);
    const edgeSvc = await start('stream-service', BASE + 2, {
      ...common,
      DELIVERY_MODE: 'edge',
      EDGE_LOG_PATH: `${edgeGw.prefix}/edge-completions.log`,
    });
    const cachedGw = await startGateway(BASE + 3, BASE + 4);
    stops.push(cachedGw.stop);
    await start('stream-service', BASE + 4, {
      ...common,
      DELIVERY_MODE: 'edge',
      EDGE_CACHE: 'on',
      EDGE_LOG_PATH: `${cachedGw.prefix}/edge-completions.log`,
    });
    const proxySvc = await start('stream-service', BASE + 5, {
      ...common,
      DELIVERY_MODE: 'proxy',
    });
    const disk = await startNginx(
      path.join(here, 'nginx.conf.template'),
      { BENCH_NGINX_PORT: String(BASE + 6), BENCH_NGINX_ROOT: work },
      `/${BIG.key}`,
    );
    stops.push(disk.stop);
    const s3Url = await presign(BIG.key);
    const s3 = new URL(s3Url);
    const pass = await startNginx(
      path.join(here, 'passthrough.conf.template'),
      {
        BENCH_NGINX_PORT: String(BASE + 8),
        S3_UPSTREAM: s3.host,
        S3_PATH: `${s3.pathname}${s3.search}`,
      },
      '/',
    );
    stops.push(pass.stop);
    const nodePass = spawn(
      process.execPath,
      [path.join(here, 'lib/node-pass.mjs'), String(BASE + 9), s3Url],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    stops.push(() => nodePass.kill());
    const nodePassUrl = `http://127.0.0.1:${BASE + 9}/`;
    await waitHttp(nodePassUrl);

    const bearer = { authorization: `Bearer ${auth.token}` };
    const video = (base, key = BIG.key) =>
      `${base}/v1/api/video?filename=${encodeURIComponent(key)}`;
    const targets = {
      s3: { url: s3Url, headers: {} },
      disk: { url: `${disk.base}/${BIG.key}`, headers: {} },
      pass: { url: `${pass.base}/`, headers: {} },
      node: { url: nodePassUrl, headers: {} },
      edge: { url: video(edgeGw.base), headers: bearer },
      cached: { url: video(cachedGw.base), headers: bearer },
      proxy: { url: video(proxySvc.base), headers: bearer },
    };
    // Warm the slice cache: the hot video is entirely on the gateway's disk.
    await fetch(targets.cached.url, { headers: bearer }).then((r) =>
      r.arrayBuffer(),
    );

    const r = {};
    const run = async (name, what, options) => {
      const t = targets[name];
      const result = await wrk(t.url, {
        headers: t.headers,
        seconds: SECONDS,
        ...options,
      });
      if (result.errors)
        throw new Error(`${name} ${what}: ${result.errors} failed requests`);
      r[`${name}.${what}`] = result;
      const rate =
        what === 'whole'
          ? gbps(result.bytesPerSec)
          : `${fmt(result.rps, 0)} req/s`;
      console.log(
        `${name.padEnd(7)} ${what.padEnd(6)} ${rate.padStart(14)}   p50 ${fmt(result.p50)} ms  p99 ${fmt(result.p99)} ms`,
      );
    };
    const ranges = { range: { size: BIG.bytes, span: 65536 } };
    const names = ['s3', 'disk', 'pass', 'edge', 'cached', 'node', 'proxy'];
    for (const name of names) await run(name, 'whole');
    for (const name of names) await run(name, '64k', ranges);
    const t = {};
    for (const name of ['s3', 'edge']) {
      t[name] = await ttfb(targets[name].url, targets[name].headers, BIG.bytes);
      console.log(
        `${name.padEnd(7)} 1 MiB random ranges TTFB p50 ${fmt(t[name].p50)} ms  p99 ${fmt(t[name].p99)} ms`,
      );
    }

    const ratio = (a, b) => r[a].bytesPerSec / r[b].bytesPerSec;
    const rate = (a, b) => r[a].rps / r[b].rps;
    const verdict = (ok) => (ok ? 'met' : 'MISSED');
    /** @type {[label: string, value: number, target: number][]} */
    const lines = [
      ['edge whole file / direct S3', ratio('edge.whole', 's3.whole'), 0.8],
      [
        'edge 64 KiB ranges / direct S3 (req/s)',
        rate('edge.64k', 's3.64k'),
        0.4,
      ],
      [
        'hot video, slice cache / nginx from disk',
        ratio('cached.whole', 'disk.whole'),
        0.6,
      ],
      ['proxy whole file / direct S3', ratio('proxy.whole', 's3.whole'), 0.6],
      [
        'proxy 64 KiB ranges / direct S3 (req/s)',
        rate('proxy.64k', 's3.64k'),
        0.2,
      ],
    ];
    console.log('');
    for (const [label, value, target] of lines)
      console.log(
        `${label.padEnd(44)} ${fmt(value).padStart(6)}   (target >= ${target})  ${verdict(value >= target)}`,
      );
    const delta = t.edge.p50 - t.s3.p50;
    console.log(
      `${'edge 1 MiB ranges TTFB p50 - direct S3'.padEnd(44)} ${fmt(delta).padStart(6)} ms (target <= 2 ms)  ${verdict(delta <= 2)}`,
    );
    console.log(
      `(context: edge 64 KiB ${fmt(rate('edge.64k', 'disk.64k'))}x nginx disk; cached 64 KiB ${fmt(rate('cached.64k', 's3.64k'))}x S3; edge whole ${fmt(ratio('edge.whole', 'disk.whole'))}x nginx disk)`,
    );
    console.log(
      `(the gateway hop alone, no decision: pass-through 64 KiB ${fmt(rate('pass.64k', 's3.64k'))}x S3, whole ${fmt(ratio('pass.whole', 's3.whole'))}x S3; edge 64 KiB ${fmt(rate('edge.64k', 'pass.64k'))}x pass-through, whole ${fmt(ratio('edge.whole', 'pass.whole'))}x)`,
    );
    console.log(
      `(bare Node pass-through, no service: 64 KiB ${fmt(rate('node.64k', 's3.64k'))}x S3, whole ${fmt(ratio('node.whole', 's3.whole'))}x S3; proxy mode 64 KiB ${fmt(rate('proxy.64k', 'node.64k'))}x bare Node, whole ${fmt(ratio('proxy.whole', 'node.whole'))}x)`,
    );

    if (RECORDS > 0) {
      console.log(
        `\naccess-record check: ${RECORDS} mixed requests through the edge, stream-service SIGKILLed twice`,
      );
      const consumer = await start('access-log-consumer', BASE + 7, {});
      void consumer;
      const runId = randomUUID().slice(0, 8);
      console.log(`  run id ${runId} (user agents bench-${runId}-<i>)`);
      const check = await accessRecordCheck({
        gatewayBase: edgeGw.base,
        token: auth.token,
        service: edgeSvc,
        objects: { big: BIG, small: SMALL },
        runId,
        total: RECORDS,
      });
      console.log(
        `  ${RECORDS} requests in ${fmt(check.seconds, 1)} s (${check.retries} retried while the service was down, ${check.kills} kills)`,
      );
      console.log(
        `  rows ${check.rows}, missing ${check.missing}, duplicated ${check.duplicated}, wrong bytes/outcome/status ${check.wrong}  ${verdict(check.rows === RECORDS && !check.missing && !check.duplicated && !check.wrong)}`,
      );
    }
  } finally {
    for (const stop of stops.reverse())
      await Promise.resolve(stop()).catch(() => undefined);
    await removeObject(BIG.key);
    await removeObject(SMALL.key);
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => setTimeout(() => process.exit(0), 500),
  (error) => {
    console.error(`bench: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
