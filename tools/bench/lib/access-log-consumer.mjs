// The built access-log-consumer driven from outside, as the consumer and analytics benches do: its
// PostgreSQL schema, a Kafka topic of the bench's own with a consumer group positioned at its end,
// and the service's process (dist/apps/access-log-consumer/main.js).
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { devDatabaseUrl } from '#dev-stack';

export const repoRoot = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../..',
);
export const CONSUMER_MAIN = join(
  repoRoot,
  'dist/apps/access-log-consumer/main.js',
);

const sleep = (/** @type {number} */ ms) =>
  new Promise((r) => setTimeout(r, ms));

/**
 * A pool on the consumer's schema (the `?schema=` of `databaseUrl`, by default the consumer's own
 * ACCESS_LOG_DATABASE_URL, as the search_path). A PostgreSQL restart (another engineer's fault
 * test) fails a query instead of crashing the bench.
 * @param {number} max connections @param {string} [databaseUrl]
 */
export function consumerPool(
  max,
  databaseUrl = process.env.ACCESS_LOG_DATABASE_URL ??
    devDatabaseUrl('access_log'),
) {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  const db = new pg.Pool({
    connectionString: url.toString(),
    max,
    options: `-c search_path=${schema}`,
  });
  db.on('error', () => undefined);
  return db;
}

/**
 * Creates `topic` (3 partitions, keyed like stream-service) and its dead-letter topic when missing,
 * and positions `groupId` at the topic's end, so the consumer reads only what the run produces.
 * @param {import('kafkajs').Kafka} kafka @param {{ topic: string, groupId: string }} o
 */
export async function startGroupAtTopicEnd(kafka, { topic, groupId }) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic, numPartitions: 3 },
      { topic: `${topic}.dlq`, numPartitions: 1 },
    ],
  });
  // A topic just created may not have its leaders yet: retry the first reads for a while.
  /** @type {{ partition: number, high: string }[] | undefined} */
  let ends;
  for (let attempt = 0; !ends; attempt++)
    ends = await admin.fetchTopicOffsets(topic).catch(async (error) => {
      if (attempt > 40) throw error;
      await sleep(500);
      return undefined;
    });
  await admin.setOffsets({
    groupId,
    topic,
    partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })),
  });
  await admin.disconnect();
}

/**
 * Starts the built consumer on `topic` as group `groupId`, answering HTTP on `port`.
 * @param {{ main?: string, groupId: string, topic: string, port: number,
 *   env?: Record<string, string>, nodeArgs?: string[] }} o
 */
export function spawnConsumer({
  main = CONSUMER_MAIN,
  groupId,
  topic,
  port,
  env = {},
  nodeArgs = [],
}) {
  return spawn(process.execPath, [...nodeArgs, main], {
    cwd: repoRoot,
    env: {
      ...process.env,
      CONSUMER_GROUP_ID: groupId,
      ACCESS_LOG_TOPIC: topic,
      ACCESS_LOG_DLQ_TOPIC: `${topic}.dlq`,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** SIGTERM, then waits for the exit. @param {import('node:child_process').ChildProcess} child */
export async function terminate(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Deletes the consumer group. @param {import('kafkajs').Kafka} kafka @param {string} groupId */
export async function deleteGroup(kafka, groupId) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
}
