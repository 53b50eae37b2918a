// The access-record check: N mixed requests through the edge gateway (whole files, 64 KiB ranges,
// 64 MiB downloads dropped after a few KiB) while stream-service is SIGKILLed and restarted twice;
// then every access must be exactly one row of access_logs with the bytes and the outcome.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { sleep } from './setup.mjs';

/** One request; resolves { status, bytes } or { status: 'retry' } when the gateway had no service. */
function once(url, headers, abortAfter) {
  return new Promise((resolve) => {
    let bytes = 0;
    const req = http.get(url, { headers }, (res) => {
      if (res.statusCode === 502 || res.statusCode === 503) {
        res.resume();
        return resolve({ status: 'retry' });
      }
      res.on('data', (d) => {
        bytes += d.length;
        if (abortAfter && bytes >= abortAfter) {
          req.destroy();
          resolve({ status: res.statusCode, bytes, aborted: true });
        }
      });
      res.on('end', () => resolve({ status: res.statusCode, bytes }));
      res.on('error', () =>
        resolve({ status: res.statusCode, bytes, aborted: true }),
      );
    });
    req.on('error', () => resolve({ status: 'retry' }));
  });
}

/** The i-th request of the mix: what it asks for and what a row of it must say. */
function planOf(i, objects) {
  const kind = i % 10;
  if (kind < 3)
    return {
      kind: 'whole',
      key: objects.small.key,
      expect: { status: 200, bytes: objects.small.bytes, outcome: 'completed' },
    };
  if (kind < 9) {
    const start = ((i * 7919) % 1000) * 65536;
    return {
      kind: 'range',
      key: objects.big.key,
      range: `bytes=${start}-${start + 65535}`,
      expect: { status: 206, bytes: 65536, outcome: 'completed' },
    };
  }
  return {
    kind: 'aborted',
    key: objects.big.key,
    abortAfter: 8192,
    expect: { status: 200, outcome: 'aborted', below: objects.big.bytes },
  };
}

export async function accessRecordCheck({
  gatewayBase,
  token,
  service,
  objects,
  runId,
  total = 10_000,
  concurrency = 16,
}) {
  const plans = Array.from({ length: total }, (_, i) => planOf(i, objects));
  let next = 0;
  let retries = 0;
  const killAt = new Set([Math.floor(total / 3), Math.floor((2 * total) / 3)]);
  const kills = [];
  const worker = async () => {
    while (next < total) {
      const i = next++;
      if (killAt.has(i))
        kills.push(service.kill('SIGKILL').then(() => service.start()));
      const p = plans[i];
      const headers = {
        authorization: `Bearer ${token}`,
        'user-agent': `bench-${runId}-${i}`,
      };
      if (p.range) headers.range = p.range;
      for (;;) {
        const r = await once(
          `${gatewayBase}/v1/api/video?filename=${encodeURIComponent(p.key)}`,
          headers,
          p.abortAfter,
        );
        if (r.status !== 'retry') {
          p.got = r;
          break;
        }
        retries++;
        await sleep(50);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  await Promise.all(kills);
  const seconds = (performance.now() - started) / 1000;
  const rows = await waitForRows(runId, total);
  return { ...judge(plans, rows), seconds, retries, kills: killAt.size };
}

function query(sql) {
  const r = spawnSync(
    'psql',
    [
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      'video_streaming',
      '-At',
      '-F',
      '\t',
      '-c',
      sql,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.trim()
    ? r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t'))
    : [];
}

async function waitForRows(runId, total) {
  const sql = `select user_agent, status, bytes_sent, outcome, event_id from access_log.access_logs where user_agent like 'bench-${runId}-%'`;
  let rows = [];
  // The consumer may first have a backlog of other runs' events to store (a shared topic).
  const deadline =
    Date.now() + Number(process.env.BENCH_ROWS_TIMEOUT_S ?? 900) * 1000;
  while (Date.now() < deadline) {
    // PostgreSQL restarted by another engineer's fault test is not a verdict: ask again.
    try {
      rows = query(sql);
      if (rows.length >= total) {
        await sleep(3000); // late duplicates would show now
        return query(sql);
      }
    } catch (error) {
      console.error(`  rows not counted yet (${error.message.split('\n')[0]})`);
    }
    await sleep(1000);
  }
  return rows;
}

function judge(plans, rows) {
  const byAgent = new Map();
  for (const [agent, status, bytes, outcome, eventId] of rows) {
    const i = Number(agent.split('-').at(-1));
    byAgent.set(i, [
      ...(byAgent.get(i) ?? []),
      { status: Number(status), bytes: Number(bytes), outcome, eventId },
    ]);
  }
  let missing = 0;
  let duplicated = 0;
  let wrong = 0;
  plans.forEach((p, i) => {
    const mine = byAgent.get(i) ?? [];
    if (mine.length === 0) return void missing++;
    if (mine.length > 1) duplicated += mine.length - 1;
    const row = mine[0];
    const e = p.expect;
    const ok =
      row.status === e.status &&
      row.outcome === e.outcome &&
      (e.bytes !== undefined
        ? row.bytes === e.bytes && p.got.bytes === e.bytes
        : row.bytes < e.below && row.bytes >= 0);
    if (!ok) wrong++;
  });
  return { rows: rows.length, missing, duplicated, wrong };
}
