#!/usr/bin/env node
// Proves that kafkajs 2.2.4 (what the services use) works with the stack's Kafka 3.9 KRaft broker:
//   fresh topic -> idempotent producer (acks -1) -> consumer group reads and commits ->
//   more messages -> a new consumer in the same group resumes after the committed offsets
//   (nothing redelivered, nothing lost) -> topic deleted.
// Exit code 0 when all holds, 1 otherwise. Needs the broker up: node tools/stack/stack.mjs up
//   KAFKA_BROKERS (default 127.0.0.1:${KAFKA_PORT:-9092}), KAFKA_COMPAT_TIMEOUT_MS, KAFKA_COMPAT_LOG
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { devKafkaBrokers } from '#dev-stack';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);
// require (not import) so NODE_PATH works too; ESM resolution ignores it.
const { Kafka, logLevel, Partitioners } = createRequire(
  path.join(repoRoot, 'package.json'),
)('kafkajs');

const brokers = devKafkaBrokers();
const runId = `${Date.now()}-${Math.random().toString(16).slice(2, 8)}`;
const topic = `compat-check-${runId}`;
const groupId = `compat-check-group-${runId}`;
const FIRST = 30;
const SECOND = 20;
const TIMEOUT_MS = Number(process.env.KAFKA_COMPAT_TIMEOUT_MS || 60000);

// Quiet by default: kafkajs logs the broker's transient "coordinator loading" answers as errors
// while it retries them. KAFKA_COMPAT_LOG=debug|info|warn|error shows its log.
const level =
  logLevel[(process.env.KAFKA_COMPAT_LOG || 'nothing').toUpperCase()] ??
  logLevel.NOTHING;
const kafka = new Kafka({
  clientId: 'kafka-compat-check',
  brokers,
  logLevel: level,
});

const t0 = Date.now();
const say = (m) =>
  console.log(`[kafka-compat +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, ms, what) {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Consume with manual commits until `expected` messages arrived, then wait `quietMs` for strays. */
async function consume(expected, quietMs) {
  // maxWaitTimeInMs: disconnect() waits for the fetch long-poll in flight (default 5 s).
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 500,
  });
  const got = [];
  await consumer.connect();
  try {
    // fromBeginning only matters without a committed offset: the second consumer must ignore it.
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        got.push({
          partition,
          offset: message.offset,
          key: message.key.toString(),
          value: message.value.toString(),
        });
        // Commit the next offset to read, as a real handler does after it processed the message.
        await consumer.commitOffsets([
          {
            topic,
            partition,
            offset: (BigInt(message.offset) + 1n).toString(),
          },
        ]);
      },
    });
    await until(
      () => got.length >= expected,
      TIMEOUT_MS,
      `${expected} messages (got ${got.length})`,
    );
    await sleep(quietMs);
  } finally {
    await consumer.disconnect();
  }
  return got;
}

async function produce(producer, from, count) {
  const messages = Array.from({ length: count }, (_, i) => ({
    key: `k${from + i}`,
    value: `v${from + i}`,
  }));
  const res = await producer.send({ topic, acks: -1, messages });
  assert(
    res.every((r) => r.errorCode === 0),
    `produce errors: ${JSON.stringify(res)}`,
  );
}

async function main() {
  const started = Date.now();
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  let left = [];
  try {
    assert(
      await admin.createTopics({
        topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
        waitForLeaders: true,
      }),
      'topic created',
    );
    say(`created ${topic} (3 partitions) on ${brokers.join(',')}`);

    await producer.connect();
    await produce(producer, 0, FIRST);
    say(`produced ${FIRST} messages (idempotent, acks -1)`);

    const first = await consume(FIRST, 500);
    assert(
      first.length === FIRST,
      `first consumer got ${first.length}, expected ${FIRST}`,
    );
    assert(
      new Set(first.map((m) => m.value)).size === FIRST,
      'first consumer got duplicates',
    );
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committedTotal = committed[0].partitions.reduce(
      (n, p) => n + Number(p.offset),
      0,
    );
    assert(
      committedTotal === FIRST,
      `committed offsets sum to ${committedTotal}, expected ${FIRST}`,
    );
    say(
      `consumer 1 read ${first.length} and committed offsets ${JSON.stringify(committed[0].partitions.map((p) => [p.partition, p.offset]))}`,
    );

    await produce(producer, FIRST, SECOND);
    say(`produced ${SECOND} more`);

    const second = await consume(SECOND, 2000);
    const values = second.map((m) => m.value);
    const redelivered = values.filter((v) => Number(v.slice(1)) < FIRST);
    assert(
      redelivered.length === 0,
      `redelivered after restart: ${redelivered.join(',')}`,
    );
    assert(
      second.length === SECOND && new Set(values).size === SECOND,
      `consumer 2 got ${second.length} (${new Set(values).size} distinct), expected ${SECOND}`,
    );
    say(
      `consumer 2 (same group, restarted) resumed after the commits: ${second.length} new, 0 redelivered`,
    );

    const offsets = await admin.fetchTopicOffsets(topic);
    const high = offsets.reduce((n, p) => n + Number(p.high), 0);
    assert(
      high === FIRST + SECOND,
      `topic high watermarks sum to ${high}, expected ${FIRST + SECOND} (duplicates written?)`,
    );
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin
      .deleteTopics({ topics: [topic], timeout: 10000 })
      .catch((e) => say(`warning: delete failed: ${e.message}`));
    await admin.deleteGroups([groupId]).catch(() => undefined);
    left = await admin.listTopics().catch(() => []);
    await admin.disconnect();
  }
  // Checked after the cleanup, not in it: a throw in `finally` would hide the test's own failure.
  if (left.includes(topic))
    throw new Error(`topic ${topic} still listed after delete`);
  say(
    `deleted ${topic}; PASS in ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
}

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
main().then(
  () => process.exit(0),
  (err) => {
    console.error(`[kafka-compat] FAIL: ${err.message}`);
    process.exit(1);
  },
);
