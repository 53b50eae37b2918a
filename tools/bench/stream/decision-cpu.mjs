#!/usr/bin/env node
// CPU time stream-service spends per playback request (issue 11), from the kernel's count of the
// process's user + system time (/proc/<pid>/stat) over N sequential requests after a warm-up, so
// the load of a shared machine changes the wall time but hardly this figure. Compares the lean
// playback route with the Nest/Express path (LEAN_PLAYBACK=on|off) on the same dist build:
//   edge decision: GET with X-Edge-Gateway: 1 and a 1 MiB Range (the X-Accel-Redirect answer, no bytes);
//   proxy 64 KiB: GET of a 64 KiB range through Node (DELIVERY_MODE=proxy, bytes from S3).
// Needs the stack's S3 and Kafka and `npx nx build stream-service`. Linux only (/proc).
// Knobs: BENCH_PORT_BASE (3250), DECISION_REQUESTS (2000), DECISION_ROUNDS (2).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import {
  appProcess,
  ensureObject,
  removeObject,
  startAuth,
} from './lib/setup.mjs';

const BASE = Number(process.env.BENCH_PORT_BASE ?? 3250) + 40;
const N = Number(process.env.DECISION_REQUESTS ?? 2000);
const ROUNDS = Number(process.env.DECISION_ROUNDS ?? 2);
const MIB = 1024 * 1024;
const OBJECT = { key: `bench/decision-${process.pid}.mp4`, bytes: 8 * MIB };
const TICK_MS = 1000 / 100; // USER_HZ

function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(base, path, headers) {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      })
      .on('error', reject);
  });
}

async function measure(base, pid, headersOf) {
  const path = `/v1/api/video?filename=${encodeURIComponent(OBJECT.key)}`;
  const run = async (n) => {
    for (let i = 0; i < n; i++) {
      const status = await get(base, path, headersOf());
      if (status !== 206) throw new Error(`status ${status}`);
    }
  };
  await run(Math.min(500, N));
  const cpu = cpuMs(pid);
  const wall = performance.now();
  await run(N);
  return {
    cpu: (cpuMs(pid) - cpu) / N,
    wall: (performance.now() - wall) / N,
  };
}

async function main() {
  await ensureObject(OBJECT.key, OBJECT.bytes);
  const auth = await startAuth(BASE);
  const range = (size) => {
    const start = Math.floor(Math.random() * (OBJECT.bytes - size));
    return `bytes=${start}-${start + size - 1}`;
  };
  const cases = {
    'edge decision (1 MiB range)': {
      env: { DELIVERY_MODE: 'edge' },
      headers: () => ({
        authorization: `Bearer ${auth.token}`,
        'x-edge-gateway': '1',
        range: range(MIB),
      }),
    },
    'proxy 64 KiB range': {
      env: { DELIVERY_MODE: 'proxy' },
      headers: () => ({
        authorization: `Bearer ${auth.token}`,
        range: range(64 * 1024),
      }),
    },
  };
  try {
    for (let round = 1; round <= ROUNDS; round++)
      for (const [name, c] of Object.entries(cases))
        for (const lean of ['off', 'on']) {
          const app = await appProcess('stream-service', BASE + 1, {
            AUTH_JWKS_URL: auth.url,
            LEAN_PLAYBACK: lean,
            ...c.env,
          }).start();
          try {
            const r = await measure(app.base, app.pid, c.headers);
            console.log(
              `round ${round}  ${name.padEnd(28)} LEAN_PLAYBACK=${lean.padEnd(3)}  ` +
                `CPU ${r.cpu.toFixed(3)} ms/request  wall ${r.wall.toFixed(2)} ms/request (N=${N})`,
            );
          } finally {
            await app.kill();
          }
        }
  } finally {
    agent.destroy();
    auth.close();
    await removeObject(OBJECT.key);
  }
}

main().catch((error) => {
  console.error('decision-cpu:', error);
  process.exitCode = 1;
});
