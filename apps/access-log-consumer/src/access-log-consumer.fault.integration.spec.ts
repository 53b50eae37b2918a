import { VIDEO_ACCESSED_TOPIC } from '@video-streaming/contracts';
import { aVideoAccessedEvent } from '@video-streaming/contracts/testing';
import { randomUUID } from 'node:crypto';
import type { AppProcess } from '@video-streaming/dev-stack';
import { AccessLogTable } from './testing/access-log-table';
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

  /** A user and a consumer group of this run (`name`), the group starting at the topic's end. */
  async function aFreshGroup(name: string) {
    const userId = `fault-${run}-${name}`;
    users.push(userId);
    const groupId = `access-log-consumer-${name}-${run}`;
    await kafka.startGroupAtEnd(groupId);
    return { userId, groupId };
  }

  const rowsStored = (userId: string, rows: number, timeoutMs = 30_000) =>
    waitFor(
      async () => (await table.counts(userId)).rows >= rows,
      timeoutMs,
      `${rows} rows`,
    );

  /** Every one of `total` events stored, and two seconds later still none twice. */
  async function expectStoredOnce(userId: string, total: number) {
    await rowsStored(userId, total, 90_000);
    await sleep(2_000);
    expect(await table.counts(userId)).toEqual({ rows: total, events: total });
  }

  /** Stops the process with `signal`, which ends it (Nest re-raises it after its shutdown hooks). */
  const expectEndedBy = async (app: AppProcess, signal: NodeJS.Signals) =>
    expect(await app.stop(signal)).toEqual({ code: null, signal });

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
    const { userId, groupId } = await aFreshGroup('pg-outage');
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
    await expectStoredOnce(userId, await produced);
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
    const { userId, groupId } = await aFreshGroup('sigkill');
    consumer = await startConsumer({ CONSUMER_GROUP_ID: groupId });

    const produced = produceSteadily(kafka, userId, 40, 100, 150);
    await rowsStored(userId, 800, 60_000); // part of the run
    await expectEndedBy(consumer, 'SIGKILL');
    const atKill = (await table.counts(userId)).rows;
    const total = await produced;
    expect(atKill).toBeLessThan(total);

    consumer = await startConsumer({ CONSUMER_GROUP_ID: groupId });
    await expectStoredOnce(userId, total);
  });

  it('commits what it stored on SIGTERM, so a restart re-reads nothing', async () => {
    const { userId, groupId } = await aFreshGroup('sigterm');
    consumer = await startConsumer({ CONSUMER_GROUP_ID: groupId });
    const events = Array.from({ length: 200 }, () =>
      aVideoAccessedEvent({ userId }),
    );
    const [sent] = await kafka.send(
      events.map((e) => ({ value: JSON.stringify(e), partition: 1 })),
    );
    await rowsStored(userId, 200);
    await expectEndedBy(consumer, 'SIGTERM');

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
    await rowsStored(userId, 50);

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
    await expectStoredOnce(userId, 150);
  });
});
