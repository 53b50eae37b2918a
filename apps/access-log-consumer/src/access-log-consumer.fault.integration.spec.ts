import { VIDEO_ACCESSED_TOPIC } from '@video-streaming/contracts';
import { aVideoAccessedEvent } from '@video-streaming/contracts/testing';
import { randomUUID } from 'node:crypto';
import { AccessLogTable } from './testing/access-log-table';
import type { AppProcess } from '@video-streaming/dev-stack';
import { ensureConsumerBuilt, startConsumer } from './testing/consumer-process';
import { KafkaTestClient } from './testing/kafka-test-client';
import { stack, waitFor } from './testing/stack';

jest.setTimeout(240_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends `chunks` chunks of `size` events for `userId`, one chunk every `everyMs`; resolves with the total. */
async function produceSteadily(
  kafka: KafkaTestClient,
  userId: string,
  chunks: number,
  size: number,
  everyMs: number,
): Promise<number> {
  for (let i = 0; i < chunks; i++) {
    await kafka.sendEvents(
      Array.from({ length: size }, () => aVideoAccessedEvent({ userId })),
    );
    await sleep(everyMs);
  }
  return chunks * size;
}

/** Fault tests: the real consumer process, the real Kafka, and a PostgreSQL that goes away. */
describe('access-log-consumer under faults', () => {
  const run = randomUUID().slice(0, 8);
  const kafka = new KafkaTestClient();
  const table = new AccessLogTable();
  const users: string[] = [];
  const topics: string[] = [];
  let consumer: AppProcess | undefined;

  beforeAll(() => ensureConsumerBuilt());

  afterEach(async () => {
    await consumer?.stop('SIGKILL');
    consumer = undefined;
  });

  afterAll(async () => {
    for (const userId of users) await table.deleteUser(userId);
    await kafka.deleteGroups(
      ['pg-outage', 'sigkill', 'sigterm', 'stall'].map(
        (name) => `access-log-consumer-${name}-${run}`,
      ),
    );
    await kafka.deleteTopics(topics);
    await Promise.all([kafka.close(), table.close()]);
  });

  it('loses nothing and stores nothing twice when PostgreSQL is down for 20 s while events flow', async () => {
    const userId = `fault-${run}-pg`;
    users.push(userId);
    const groupId = `access-log-consumer-pg-outage-${run}`;
    await kafka.startGroupAtEnd(groupId);
    consumer = await startConsumer({
      CONSUMER_GROUP_ID: groupId,
      STORE_RETRY_MAX_MS: '2000',
    });
    const running = consumer;

    const produced = produceSteadily(kafka, userId, 100, 10, 250); // ~25 s of traffic
    let readinessDuringOutage: unknown;
    await sleep(3_000);
    await stack('stop', 'postgres');
    try {
      await sleep(8_000);
      readinessDuringOutage = await (await running.get('/health/ready')).json();
      await sleep(12_000);
    } finally {
      await stack('start', 'postgres');
    }
    const total = await produced;

    await waitFor(
      async () => (await table.counts(userId)).rows >= total,
      90_000,
      `${total} rows`,
    );
    await sleep(2_000);
    expect(await table.counts(userId)).toEqual({ rows: total, events: total });
    expect(readinessDuringOutage).toMatchObject({
      status: 'error',
      error: { postgres: { status: 'down' } },
    });
    expect(running.alive).toBe(true);
    expect(running.output).toMatch(/not stored \(attempt \d+\), retrying/);
    // Heartbeats kept the one member in the group: no endless rebalancing while it waited.
    const admin = kafka.kafka.admin();
    await admin.connect();
    const { groups } = await admin
      .describeGroups([groupId])
      .finally(() => admin.disconnect());
    expect(groups[0]).toMatchObject({ state: 'Stable' });
    expect(groups[0].members).toHaveLength(1);
  });

  it('stores exactly N rows when the consumer is killed with SIGKILL mid-run and started again', async () => {
    const userId = `fault-${run}-kill`;
    users.push(userId);
    const groupId = `access-log-consumer-sigkill-${run}`;
    await kafka.startGroupAtEnd(groupId);
    consumer = await startConsumer({ CONSUMER_GROUP_ID: groupId });

    const produced = produceSteadily(kafka, userId, 40, 100, 150);
    await waitFor(
      async () => (await table.counts(userId)).rows >= 800,
      60_000,
      'part of the run to be stored',
    );
    expect(await consumer.stop('SIGKILL')).toEqual({
      code: null,
      signal: 'SIGKILL',
    });
    const atKill = (await table.counts(userId)).rows;
    const total = await produced;
    expect(atKill).toBeLessThan(total);

    consumer = await startConsumer({ CONSUMER_GROUP_ID: groupId });
    await waitFor(
      async () => (await table.counts(userId)).rows >= total,
      90_000,
      `${total} rows`,
    );
    await sleep(2_000);
    expect(await table.counts(userId)).toEqual({ rows: total, events: total });
  });

  it('commits what it stored on SIGTERM, so a restart re-reads nothing', async () => {
    const userId = `fault-${run}-term`;
    users.push(userId);
    const groupId = `access-log-consumer-sigterm-${run}`;
    await kafka.startGroupAtEnd(groupId);
    consumer = await startConsumer({ CONSUMER_GROUP_ID: groupId });
    const events = Array.from({ length: 200 }, () =>
      aVideoAccessedEvent({ userId }),
    );
    const [sent] = await kafka.send(
      events.map((e) => ({ value: JSON.stringify(e), partition: 1 })),
    );
    await waitFor(
      async () => (await table.counts(userId)).rows >= 200,
      30_000,
      '200 rows',
    );
    // Nest re-raises the signal once its shutdown hooks have run.
    expect(await consumer.stop('SIGTERM')).toEqual({
      code: null,
      signal: 'SIGTERM',
    });

    const admin = kafka.kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({
      groupId,
      topics: [VIDEO_ACCESSED_TOPIC],
    });
    const { groups } = await admin
      .describeGroups([groupId])
      .finally(() => admin.disconnect());
    // It left the group on its way out (a crashed member would linger until its session expires).
    expect(groups[0]).toMatchObject({ state: 'Empty', members: [] });
    const partition1 = committed.partitions.find((p) => p.partition === 1);
    expect(BigInt(partition1?.offset ?? -1)).toBeGreaterThanOrEqual(
      BigInt(sent.baseOffset ?? Number.NaN) + 200n,
    );
  });

  it('names the stalled partition in readiness, and stops within its grace period, while PostgreSQL is down', async () => {
    const userId = `fault-${run}-stall`;
    users.push(userId);
    const topic = `access-log-stall-${run}`;
    topics.push(topic);
    await kafka.createTopics([topic]);
    const groupId = `access-log-consumer-stall-${run}`;
    const env = {
      CONSUMER_GROUP_ID: groupId,
      ACCESS_LOG_TOPIC: topic,
      ACCESS_LOG_LAG_REFRESH_SECONDS: '1',
      ACCESS_LOG_STALL_SECONDS: '10',
      STORE_RETRY_MAX_MS: '2000',
    };
    consumer = await startConsumer(env);
    const running = consumer;
    const onPartition1 = (n: number) =>
      Array.from({ length: n }, () => ({
        value: JSON.stringify(aVideoAccessedEvent({ userId })),
        partition: 1,
      }));
    await kafka.send(onPartition1(50), topic);
    await waitFor(
      async () => (await table.counts(userId)).rows >= 50,
      30_000,
      '50 rows',
    );

    let stalledReadiness: { status: number; body: unknown } | undefined;
    let metrics = '';
    let shutdownMs = Number.NaN;
    let exit: Awaited<ReturnType<AppProcess['stop']>> | undefined;
    await stack('stop', 'postgres');
    try {
      await kafka.send(onPartition1(100), topic);
      stalledReadiness = await waitFor(
        async () => {
          const res = await running.get('/health/ready');
          const body = (await res.json()) as {
            error?: { partitions?: unknown };
          };
          return body.error?.partitions
            ? { status: res.status, body }
            : undefined;
        },
        60_000,
        'readiness to name the stalled partition',
      );
      metrics = await (await running.get('/metrics')).text();
      // SIGTERM mid-outage: the batch in hand is abandoned uncommitted, the process exits.
      const started = Date.now();
      exit = await running.stop('SIGTERM');
      shutdownMs = Date.now() - started;
    } finally {
      await stack('start', 'postgres');
    }

    expect(stalledReadiness).toMatchObject({
      status: 503,
      body: {
        status: 'error',
        error: {
          postgres: { status: 'down' },
          partitions: {
            status: 'down',
            message: expect.stringMatching(
              new RegExp(
                `^${topic}\\[1\\] stalled, lag 100, no progress for \\d+ s$`,
              ),
            ),
          },
        },
      },
    });
    expect(metrics).toMatch(
      new RegExp(
        `^access_log_consumer_lag\\{topic="${topic}",partition="1"\\} 100$`,
        'm',
      ),
    );
    expect(metrics).toMatch(
      new RegExp(
        `^access_log_consumer_partition_stalled_seconds\\{topic="${topic}",partition="1"\\} (1\\d|[2-9]\\d|\\d{3,})$`,
        'm',
      ),
    );
    // Kubernetes' terminationGracePeriodSeconds for this service (docker/k8s) is 30 s.
    // It finished its own shutdown (Nest re-raises the signal), not cut short by SHUTDOWN_TIMEOUT_MS.
    expect(shutdownMs).toBeLessThan(30_000);
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });

    // Nothing was committed past the stored rows: a new process stores the rest, once each.
    consumer = await startConsumer(env);
    await waitFor(
      async () => (await table.counts(userId)).rows >= 150,
      90_000,
      '150 rows',
    );
    expect(await table.counts(userId)).toEqual({ rows: 150, events: 150 });
  });
});
