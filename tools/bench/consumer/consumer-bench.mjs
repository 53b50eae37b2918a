#!/usr/bin/env node
// Benchmark of apps/access-log-consumer on this machine, against the real stack (a Kafka topic of
// its own, `consumer-bench` with 3 partitions, and the PostgreSQL table access_logs of the schema
// in ACCESS_LOG_DATABASE_URL):
//   1. throughput: N events produced ahead, then the built consumer drains them (raw rows plus
//      sessions and rollups); events/s from the first to the last stored row, polled in PostgreSQL;
//      the events are playbacks of 20 range requests (5,000 viewers, 300 videos), keyed by video;
//   2. baseline: the same rows copied in-server, `INSERT INTO <copy> SELECT ... FROM access_logs`,
//      into a table of the same shape with the same indexes, in the same run;
//   3. latency: events at a fixed rate, emit-to-row = recorded_at (PostgreSQL) - occurredAt (here).
// Every event carries a videoKey prefix unique to the run; its rows, sessions and rollups are
// deleted at the end.
// Usage: npx nx build access-log-consumer && node tools/bench/consumer/consumer-bench.mjs
// Env: BENCH_EVENTS (200000), BENCH_RATE (1000/s), BENCH_LATENCY_SECONDS (30), BENCH_PORT (3390),
// plus the consumer's own tunables (CONSUMER_*), passed through to it.
// Before/after: BENCH_BASELINE_MAIN=<another build's main.js> runs only the throughput step, for the
// baseline and this build alternately (BENCH_ROUNDS, default 2, each with its own group and events),
// and prints each run, the medians and their ratio.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import {
  CONSUMER_MAIN as MAIN,
  consumerPool,
  deleteGroup,
  spawnConsumer,
  startGroupAtTopicEnd,
  terminate,
} from '../lib/access-log-consumer.mjs';
import { deleteVideoTraces, devKafkaBrokers } from '#dev-stack';

const TOPIC = process.env.BENCH_TOPIC ?? 'consumer-bench';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 30);
const CONCURRENCY = Number(process.env.CONSUMER_PARTITIONS_CONCURRENCY ?? 3);
const run = `bench-${randomUUID().slice(0, 8)}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The i-th event of a phase: playback i/20 of viewer (i/20 mod 5,000) of video (i/20 mod 300). */
function event(phase, i, occurredAt = new Date()) {
  const playback = Math.floor(i / 20);
  return {
    schemaVersion: 1,
    eventId: randomUUID(),
    occurredAt: occurredAt.toISOString(),
    userId: `${run}-${phase}-viewer-${playback % 5_000}`,
    videoKey: `${run}-${phase}-video-${playback % 300}.mp4`,
    request: {
      method: 'GET',
      range: 'bytes=0-1048575',
      status: 206,
      bytesSent: 1_048_576,
      durationMs: 41.7,
      outcome: 'completed',
    },
    client: { userAgent: 'consumer-bench', ipAnonymised: '203.0.113.0' },
    trace: {
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    },
  };
}

const db = consumerPool(CONCURRENCY + 1);
const kafka = new Kafka({
  clientId: 'consumer-bench',
  brokers: devKafkaBrokers(),
  logLevel: logLevel.NOTHING,
});
const producer = kafka.producer({
  createPartitioner: Partitioners.DefaultPartitioner,
});

const like = (phase) => `${run}-${phase}-%`;
const count = async (phase) =>
  Number(
    (
      await db.query(
        'SELECT count(*) AS n FROM access_logs WHERE video_key LIKE $1',
        [like(phase)],
      )
    ).rows[0].n,
  );

const startGroupAtEnd = (groupId) =>
  startGroupAtTopicEnd(kafka, { topic: TOPIC, groupId });

function startConsumer(groupId, port, main = MAIN) {
  // BENCH_CONSUMER_NODE_ARGS: extra node flags for the consumer, e.g. --cpu-prof to profile it.
  const nodeArgs = (process.env.BENCH_CONSUMER_NODE_ARGS ?? '')
    .split(' ')
    .filter(Boolean);
  return spawnConsumer({ main, groupId, topic: TOPIC, port, nodeArgs });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

async function metric(port, name) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

const message = (e) => ({ key: e.videoKey, value: JSON.stringify(e) });

async function produceAhead(phase, n) {
  const chunk = 2_000;
  const inflight = [];
  for (let sent = 0; sent < n; sent += chunk) {
    const messages = Array.from({ length: Math.min(chunk, n - sent) }, (_, j) =>
      message(event(phase, sent + j)),
    );
    inflight.push(producer.send({ topic: TOPIC, acks: -1, messages }));
    if (inflight.length >= 8) await inflight.shift();
  }
  await Promise.all(inflight);
}

async function measureConsumer(phase, n) {
  let first;
  for (;;) {
    const c = await count(phase);
    const now = performance.now();
    if (c > 0 && first === undefined) first = { at: now, rows: c };
    if (first && c >= n)
      return {
        rows: c,
        seconds: (now - first.at) / 1000,
        counted: c - first.rows,
      };
    await sleep(250);
  }
}

/**
 * The baseline: PostgreSQL copying the consumer's rows within itself into a table of the same
 * columns and indexes (access_logs' unique (event_id, occurred_at), primary key and three query
 * indexes), one statement per connection over CONCURRENCY connections, as the consumer writes.
 */
async function inServerInsert(phase) {
  const target = `bench_copy_${run.replace(/-/g, '_')}`;
  await db.query(
    `CREATE TABLE ${target} (LIKE access_logs INCLUDING DEFAULTS INCLUDING INDEXES)`,
  );
  try {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, k) =>
        db.query(
          `INSERT INTO ${target} SELECT * FROM access_logs
            WHERE video_key LIKE $1 AND abs(hashtext(event_id::text)) % $2 = $3
           ON CONFLICT DO NOTHING`,
          [like(phase), CONCURRENCY, k],
        ),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const rows = Number(
      (await db.query(`SELECT count(*) AS n FROM ${target}`)).rows[0].n,
    );
    return { rows, seconds };
  } finally {
    await db.query(`DROP TABLE ${target}`);
  }
}

async function latency(phase, rate, seconds) {
  const perTick = rate / 20; // one send every 50 ms
  const total = rate * seconds;
  const started = performance.now();
  for (let sent = 0, tick = 0; sent < total; tick++) {
    const messages = Array.from(
      { length: Math.min(perTick, total - sent) },
      (_, j) => message(event(phase, sent + j)),
    );
    sent += messages.length;
    await producer.send({ topic: TOPIC, acks: -1, messages });
    const next = started + (tick + 1) * 50;
    await sleep(Math.max(0, next - performance.now()));
  }
  while ((await count(phase)) < total) await sleep(200);
  const { rows } = await db.query(
    `SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - occurred_at)) AS p,
            max(extract(epoch FROM recorded_at - occurred_at)) AS max
       FROM access_logs WHERE video_key LIKE $1`,
    [like(phase)],
  );
  return {
    p50: rows[0].p[0] * 1000,
    p99: rows[0].p[1] * 1000,
    max: Number(rows[0].max) * 1000,
    total,
  };
}

/** One throughput run of `main`: a fresh group at the topic's end, N events ahead, drained. */
async function throughputOf(label, main, round) {
  const groupId = `video-streaming-consumer-${run}-${label}-${round}`;
  const userId = `${run}-throughput`;
  const port = 3900 + Math.floor(Math.random() * 90);
  await startGroupAtEnd(groupId);
  await produceAhead(userId, EVENTS);
  const before = await count(userId);
  const consumer = startConsumer(groupId, port, main);
  try {
    let first;
    for (;;) {
      const c = (await count(userId)) - before;
      const now = performance.now();
      if (c > 0 && first === undefined) first = { at: now, rows: c };
      if (first && c >= EVENTS) {
        const rate = (c - first.rows) / ((now - first.at) / 1000);
        const cpu = cpuSeconds(consumer.pid);
        console.log(
          `round ${round} ${label}: ${Math.round(rate)} events/s (consumer CPU ${cpu.toFixed(1)} s incl. start-up)`,
        );
        return rate;
      }
      await sleep(250);
    }
  } finally {
    await terminate(consumer);
    await deleteGroup(kafka, groupId);
  }
}

async function compare(baseline) {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  /** @type {{ before: number[], after: number[] }} */
  const rates = { before: [], after: [] };
  await producer.connect();
  try {
    console.log(
      `run ${run}: ${rounds} rounds of ${EVENTS} events, baseline ${baseline} vs ${MAIN}`,
    );
    for (let round = 1; round <= rounds; round++) {
      rates.before.push(await throughputOf('before', baseline, round));
      rates.after.push(await throughputOf('after', MAIN, round));
    }
    const median = (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      return (
        (s[Math.floor((s.length - 1) / 2)] + s[Math.ceil((s.length - 1) / 2)]) /
        2
      );
    };
    const [b, a] = [median(rates.before), median(rates.after)];
    console.log(
      `median before ${Math.round(b)} events/s, after ${Math.round(a)} events/s, after / before = ${(a / b).toFixed(2)}`,
    );
  } finally {
    await db.query('DELETE FROM access_logs WHERE user_id = $1', [
      `${run}-throughput`,
    ]);
    await producer.disconnect();
    await db.end();
  }
}

async function main() {
  const baseline = process.env.BENCH_BASELINE_MAIN;
  if (baseline) {
    if (!existsSync(baseline) || !existsSync(MAIN))
      throw new Error(`both builds must exist: ${baseline}, ${MAIN}`);
    return compare(resolve(baseline));
  }
  if (!existsSync(MAIN))
    throw new Error(
      'build the consumer first: npx nx build access-log-consumer',
    );
  const groupId = `video-streaming-consumer-${run}`;
  const port = Number(process.env.BENCH_PORT ?? 3390);
  await producer.connect();
  await startGroupAtEnd(groupId);
  console.log(
    `run ${run}: producing ${EVENTS} events ahead of the consumer...`,
  );
  await produceAhead('throughput', EVENTS);

  const consumer = startConsumer(groupId, port);
  try {
    const drained = await measureConsumer('throughput', EVENTS);
    const consumerCpu = cpuSeconds(consumer.pid);
    const consumerRate = drained.counted / drained.seconds;
    const batches = await metric(
      port,
      'access_log_batch_insert_duration_seconds_count{result="ok"}',
    );
    const insertSeconds = await metric(
      port,
      'access_log_batch_insert_duration_seconds_sum{result="ok"}',
    );
    const avgBatch = Math.max(1, Math.round(EVENTS / Math.max(1, batches)));
    console.log(
      `consumer: ${drained.counted} rows in ${drained.seconds.toFixed(2)} s = ${Math.round(consumerRate)} events/s (avg batch ${avgBatch} rows over ${batches} inserts, ${insertSeconds.toFixed(1)} s inside them; consumer process CPU ${consumerCpu.toFixed(1)} s incl. start-up)`,
    );

    const copy = await inServerInsert('throughput');
    const copyRate = copy.rows / copy.seconds;
    console.log(
      `in-server INSERT ... SELECT (same shape and indexes, ${CONCURRENCY} connections): ${copy.rows} rows in ${copy.seconds.toFixed(2)} s = ${Math.round(copyRate)} rows/s`,
    );
    console.log(
      `consumer (rows + sessions + rollups) / in-server INSERT = ${(consumerRate / copyRate).toFixed(2)}`,
    );

    const lat = await latency('latency', RATE, LATENCY_SECONDS);
    console.log(
      `latency at ${RATE} events/s for ${LATENCY_SECONDS} s (${lat.total} events): p50 ${lat.p50.toFixed(0)} ms, p99 ${lat.p99.toFixed(0)} ms, max ${lat.max.toFixed(0)} ms`,
    );
  } finally {
    await terminate(consumer);
    await deleteVideoTraces((sql, params) => db.query(sql, params), `${run}-`);
    await deleteGroup(kafka, groupId);
    await producer.disconnect();
    await db.end();
  }
}

main().catch((error) => {
  console.error(`consumer-bench: ${error.stack ?? error}`);
  process.exit(1);
});
