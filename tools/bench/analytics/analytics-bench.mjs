#!/usr/bin/env node
// Viewing analytics at scale (issue 13): BENCH_EVENTS accesses (10,000,000) over 30 days and
// BENCH_VIDEOS videos (1,000; the first holds 60%), produced THROUGH Kafka (a topic of its own,
// `analytics-bench`, 3 partitions, keyed by video like stream-service) into the built consumer
// (port BENCH_PORT, 3391; its own consumer group), then:
//   - GET /stats for the popular video over the 30 days, and GET /top (10 by views) over them,
//     each for BENCH_SECONDS with wrk (1 connection): p50 / p95 / p99;
//   - the same numbers recomputed by brute force from the raw rows (brute-force.mjs): must be equal.
// The events are playbacks of 1 to 40 range requests 2 to 12 s apart (half of them carry a
// sessionId), played by BENCH_VIEWERS viewers (50,000) at random times, so most arrive out of
// time order; 0.5% are sent twice (a producer retry), which must count once.
// The 30 days are 2001-01-30 .. 2001-03-01 UTC, so the run's rows are alone in their monthly
// partitions, which the clean-up drops (after checking they hold nothing else).
// Usage: npx nx build access-log-consumer && node tools/bench/analytics/analytics-bench.mjs
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
// The built consumer under test, driven as the consumer bench drives it.
import * as consumerApp from '../lib/access-log-consumer.mjs';
import { bruteForceStats, bruteForceTop } from './brute-force.mjs';
import {
  ACCESS_LOG_VIDEO_TABLES,
  deleteVideoTraces,
  devKafkaBrokers,
} from '#dev-stack';

/**
 * @typedef {import('./brute-force.mjs').StatsTotals} StatsTotals
 * @typedef {import('./brute-force.mjs').TopItem} TopItem
 */

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const VIDEOS = Number(process.env.BENCH_VIDEOS ?? 1_000);
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 50_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 3391);
const TOPIC = process.env.BENCH_TOPIC ?? 'analytics-bench';
const FROM = new Date('2001-01-30T00:00:00Z');
const TO = new Date('2001-03-01T00:00:00Z');
const MONTHS = ['access_logs_p200101', 'access_logs_p200102'];
const run = `abench-${randomUUID().slice(0, 8)}`;
const video = (i) => `${run}-video-${String(i).padStart(4, '0')}.mp4`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MiB = 1024 * 1024;

const db = consumerApp.consumerPool(4);
const kafka = new Kafka({
  clientId: 'analytics-bench',
  brokers: devKafkaBrokers(),
  logLevel: logLevel.NOTHING,
});

/** Playbacks until `total` events, in sends of about 1,500 messages: 60% of them go to one partition, whose record batch must stay under the broker's 1 MB message.max.bytes. */
function* playbacks(total) {
  let sent = 0;
  let chunk = [];
  const span = TO.getTime() - FROM.getTime() - 3_600_000;
  while (sent < total) {
    const v =
      Math.random() < 0.6 ? 0 : 1 + Math.floor(Math.random() * (VIDEOS - 1));
    const userId = `${run}-viewer-${Math.floor(Math.random() * VIEWERS)}`;
    const sessionId = Math.random() < 0.5 ? `ps-${randomUUID()}` : undefined;
    let at = FROM.getTime() + Math.floor(Math.random() * span);
    const requests = Math.min(total - sent, 1 + Math.floor(Math.random() * 40));
    for (let r = 0; r < requests; r++, sent++) {
      const e = {
        schemaVersion: 1,
        eventId: randomUUID(),
        occurredAt: new Date(at).toISOString(),
        userId,
        videoKey: video(v),
        request: {
          method: 'GET',
          range: `bytes=${r * MiB}-${(r + 1) * MiB - 1}`,
          status: 206,
          bytesSent: r === requests - 1 ? Math.floor(Math.random() * MiB) : MiB,
          durationMs: 12.5,
          outcome: 'completed',
        },
        client: { userAgent: 'analytics-bench', ipAnonymised: '203.0.113.0' },
        trace: { traceparent: null },
        ...(sessionId ? { sessionId } : {}),
      };
      const message = { key: e.videoKey, value: JSON.stringify(e) };
      chunk.push(message);
      if (Math.random() < 0.005) chunk.push(message);
      at += 2_000 + Math.floor(Math.random() * 10_000);
    }
    if (chunk.length >= 1_500) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

async function signer() {
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
  const token = await new SignJWT({ scope: 'logs:read' })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
    .setSubject('analytics-bench')
    .setIssuer(process.env.AUTH_ISSUER ?? 'video-streaming-auth')
    .setAudience(process.env.AUTH_AUDIENCE ?? 'video-streaming')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);
  return { jwks: JSON.stringify(jwks), token };
}

const stored = async () =>
  Number(
    (
      await db.query(
        'SELECT coalesce(sum(accesses), 0) AS n FROM access_rollup_daily WHERE video_key LIKE $1',
        [`${run}-%`],
      )
    ).rows[0].n,
  );

/** wrk, one connection, for SECONDS: latency percentiles in ms (wrk's histogram). */
function wrk(url, token) {
  const script = join(tmpdir(), `${run}-wrk.lua`);
  writeFileSync(
    script,
    `done = function(summary, latency, requests)
       io.write(string.format("RESULT %d %.3f %.3f %.3f %d\\n", summary.requests,
         latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
         summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
     end`,
  );
  const out = spawnSync(
    'wrk',
    [
      '-t1',
      '-c1',
      `-d${SECONDS}s`,
      '-s',
      script,
      '-H',
      `Authorization: Bearer ${token}`,
      url,
    ],
    { encoding: 'utf8' },
  );
  const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT'));
  if (!line) throw new Error(`wrk failed: ${out.stdout}${out.stderr}`);
  const [requests, p50, p95, p99, errors] = line
    .split(' ')
    .slice(1)
    .map(Number);
  return { requests, p50, p95, p99, errors };
}

async function main() {
  if (!existsSync(consumerApp.CONSUMER_MAIN))
    throw new Error(
      'build the consumer first: npx nx build access-log-consumer',
    );
  const groupId = `analytics-bench-${run}`;
  await consumerApp.startGroupAtTopicEnd(kafka, { topic: TOPIC, groupId });
  const { jwks, token } = await signer();
  const consumer = consumerApp.spawnConsumer({
    groupId,
    topic: TOPIC,
    port: PORT,
    env: { AUTH_JWKS: jwks },
  });
  try {
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    console.log(
      `run ${run}: producing ${EVENTS} accesses to ${TOPIC} while the consumer ingests them...`,
    );
    const started = performance.now();
    const inflight = [];
    let messages = 0;
    for (const chunk of playbacks(EVENTS)) {
      messages += chunk.length;
      const send = producer.send({ topic: TOPIC, acks: -1, messages: chunk });
      send.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      inflight.push(send);
      if (inflight.length >= 8) await inflight.shift();
    }
    await Promise.all(inflight);
    await producer.disconnect();
    const produced = (performance.now() - started) / 1000;
    console.log(
      `produced ${messages} messages (${messages - EVENTS} duplicates) in ${produced.toFixed(0)} s`,
    );
    for (let last = -1, n = 0; n < EVENTS; ) {
      await sleep(5_000);
      n = await stored().catch(() => last); // PostgreSQL restarting: poll again
      if (n !== last)
        console.log(
          `  ${n} accesses stored after ${((performance.now() - started) / 1000).toFixed(0)} s`,
        );
      else console.log('  (no progress in the last 5 s)');
      last = n;
    }
    const ingest = (performance.now() - started) / 1000;
    console.log(
      `ingest: ${EVENTS} accesses in ${ingest.toFixed(0)} s = ${Math.round(EVENTS / ingest)} events/s end to end`,
    );

    const base = `http://127.0.0.1:${PORT}/v1/api/access-logs`;
    const range = `from=${FROM.toISOString()}&to=${TO.toISOString()}`;
    const statsUrl = `${base}/stats?filename=${video(0)}&${range}&interval=day`;
    const topUrl = `${base}/top?${range}&by=views&limit=10`;
    const auth = { headers: { authorization: `Bearer ${token}` } };
    const stats = /** @type {{ totals: StatsTotals }} */ (
      await (await fetch(statsUrl, auth)).json()
    );
    const top = /** @type {{ items: TopItem[] }} */ (
      await (await fetch(topUrl, auth)).json()
    );
    const s = wrk(statsUrl, token);
    console.log(
      `stats, popular video, 30 days by day (${s.requests} requests, ${s.errors} errors): p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms (target p95 <= 50 ms)`,
    );
    const t = wrk(topUrl, token);
    console.log(
      `top-10 by views, 30 days (${t.requests} requests, ${t.errors} errors): p50 ${t.p50} ms, p95 ${t.p95} ms, p99 ${t.p99} ms (target p95 <= 100 ms)`,
    );

    console.log('brute force over the raw rows...');
    const bfStart = performance.now();
    const expectedStats = await bruteForceStats(db, video(0), FROM, TO);
    const expectedTop = await bruteForceTop(db, `${run}-%`, FROM, TO, 10);
    console.log(
      `  (took ${((performance.now() - bfStart) / 1000).toFixed(1)} s)`,
    );
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    console.log(`stats totals: ${JSON.stringify(stats.totals)}`);
    console.log(
      `brute force:  ${JSON.stringify(expectedStats)} -> ${same(stats.totals, expectedStats) ? 'EQUAL' : 'DIFFERENT'}`,
    );
    console.log(
      `top-10: ${same(top.items, expectedTop) ? 'EQUAL' : 'DIFFERENT'} to brute force`,
    );
    if (!same(top.items, expectedTop))
      console.log(
        `  api:   ${JSON.stringify(top.items)}\n  brute: ${JSON.stringify(expectedTop)}`,
      );
    const popular = top.items[0];
    console.log(
      `popular video: ${popular?.views} views, ${stats.totals.sessions} sessions, ${stats.totals.uniqueViewers} viewers, ${stats.totals.accesses} accesses`,
    );
  } finally {
    await consumerApp.terminate(consumer);
    await cleanUp(groupId);
  }
}

async function cleanUp(groupId) {
  for (const month of MONTHS) {
    const other = await db
      .query(`SELECT count(*) AS n FROM ${month} WHERE video_key NOT LIKE $1`, [
        `${run}-%`,
      ])
      .catch(() => ({ rows: [{ n: '0' }] }));
    if (Number(other.rows[0].n) === 0)
      await db.query(`DROP TABLE IF EXISTS ${month}`);
    else
      await db.query(`DELETE FROM ${month} WHERE video_key LIKE $1`, [
        `${run}-%`,
      ]);
  }
  // The raw rows went with their monthly partitions: the other tables of the run's videos.
  await deleteVideoTraces((sql, params) => db.query(sql, params), `${run}-`, {
    tables: ACCESS_LOG_VIDEO_TABLES.filter((t) => t !== 'access_logs'),
  });
  await consumerApp.deleteGroup(kafka, groupId);
  const admin = kafka.admin();
  await admin.connect();
  // 10 million messages are gigabytes on the broker: the topic goes with the run.
  await admin
    .deleteTopics({ topics: [TOPIC, `${TOPIC}.dlq`] })
    .catch(() => undefined);
  await admin.disconnect();
  await db.end();
  console.log(
    "cleaned up the run's rows, sessions, viewers, rollups, consumer group and topic",
  );
}

main().catch((error) => {
  console.error(`analytics-bench: ${error.stack ?? error}`);
  process.exit(1);
});
