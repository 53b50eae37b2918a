import {
  DLQ_HEADERS,
  VIDEO_ACCESSED_DLQ_TOPIC,
  VIDEO_ACCESSED_TOPIC,
} from '@video-streaming/contracts';
import { aVideoAccessedEvent } from '@video-streaming/contracts/testing';
import { randomUUID } from 'node:crypto';
import type { IHeaders } from 'kafkajs';
import { AccessLogTable } from '../../testing/access-log-table';
import type { AppProcess } from '@video-streaming/dev-stack';
import {
  ensureConsumerBuilt,
  startConsumer,
} from '../../testing/consumer-process';
import { KafkaTestClient } from '../../testing/kafka-test-client';
import { waitFor } from '../../testing/stack';

jest.setTimeout(180_000);

/** The built consumer against the real Kafka topic and PostgreSQL table. */
describe('access-log-consumer on the real video-accessed topic', () => {
  const run = randomUUID().slice(0, 8);
  const groupId = `access-log-consumer-it-${run}`;
  const kafka = new KafkaTestClient();
  const table = new AccessLogTable();
  let consumer: AppProcess;

  beforeAll(async () => {
    ensureConsumerBuilt();
    await kafka.startGroupAtEnd(groupId);
    consumer = await startConsumer({ CONSUMER_GROUP_ID: groupId });
  });

  afterAll(async () => {
    await consumer?.stop();
    for (const suffix of ['stored', 'dup', 'dlq'])
      await table.deleteUser(`it-${run}-${suffix}`);
    await kafka.deleteGroups([groupId, `access-log-dlq-reader-${run}`]);
    await Promise.all([kafka.close(), table.close()]);
  });

  it('stores each event once, including an event the producer sent twice', async () => {
    const userId = `it-${run}-stored`;
    const events = Array.from({ length: 50 }, () =>
      aVideoAccessedEvent({ userId }),
    );
    await kafka.sendEvents([...events, events[0], events[1]]);
    await waitFor(
      async () => (await table.counts(userId)).rows >= 50,
      30_000,
      '50 rows',
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await table.counts(userId)).toEqual({ rows: 50, events: 50 });
  });

  it('sends malformed, schema-invalid and unstorable messages to the DLQ with reason and source, and keeps consuming the partition', async () => {
    const userId = `it-${run}-dlq`;
    const dlqGroup = `access-log-dlq-reader-${run}`;
    await kafka.startGroupAtEnd(dlqGroup, VIDEO_ACCESSED_DLQ_TOPIC);
    const [malformed] = await kafka.send([
      {
        key: `poison-${run}-json`,
        value: '{"eventId": "truncated',
        partition: 0,
      },
    ]);
    const [invalid] = await kafka.send([
      {
        key: `poison-${run}-schema`,
        value: JSON.stringify({
          ...aVideoAccessedEvent({ userId }),
          request: { method: 'DELETE' },
        }),
        partition: 0,
      },
    ]);
    // Valid by the contract, but PostgreSQL has no year 0: it must not hold the partition hostage.
    await kafka.send([
      {
        key: `poison-${run}-year0`,
        value: JSON.stringify(
          aVideoAccessedEvent({ userId, occurredAt: '0000-01-01T00:00:00Z' }),
        ),
        partition: 0,
      },
    ]);
    const valid = Array.from({ length: 5 }, () =>
      aVideoAccessedEvent({ userId }),
    );
    await kafka.send(
      valid.map((e) => ({
        key: e.userId,
        value: JSON.stringify(e),
        partition: 0,
      })),
    );

    const letters = new Map<string, IHeaders>();
    const reader = kafka.kafka.consumer({ groupId: dlqGroup });
    await reader.connect();
    await reader.subscribe({ topic: VIDEO_ACCESSED_DLQ_TOPIC });
    await reader.run({
      eachMessage: async ({ message }) =>
        void letters.set(message.key?.toString() ?? '', message.headers ?? {}),
    });
    try {
      await waitFor(
        async () =>
          letters.has(`poison-${run}-json`) &&
          letters.has(`poison-${run}-schema`) &&
          letters.has(`poison-${run}-year0`),
        60_000,
        'the three dead letters',
      );
    } finally {
      await reader.disconnect();
    }

    const header = (key: string, name: string) =>
      letters.get(key)?.[name]?.toString();
    expect(header(`poison-${run}-json`, DLQ_HEADERS.reason)).toMatch(
      /^malformed JSON/,
    );
    expect(header(`poison-${run}-json`, DLQ_HEADERS.sourceTopic)).toBe(
      VIDEO_ACCESSED_TOPIC,
    );
    expect(header(`poison-${run}-json`, DLQ_HEADERS.sourcePartition)).toBe('0');
    expect(header(`poison-${run}-json`, DLQ_HEADERS.sourceOffset)).toBe(
      malformed.baseOffset,
    );
    expect(header(`poison-${run}-schema`, DLQ_HEADERS.reason)).toMatch(
      /^schema violation: .*request/,
    );
    expect(header(`poison-${run}-schema`, DLQ_HEADERS.sourceOffset)).toBe(
      invalid.baseOffset,
    );
    expect(header(`poison-${run}-year0`, DLQ_HEADERS.reason)).toMatch(
      /occurredAt: must be between 1970 and 9999/,
    );
    await waitFor(
      async () => (await table.counts(userId)).rows === 5,
      30_000,
      'the valid events after the poison ones',
    );
    expect(consumer.alive).toBe(true);
  });

  it('reports both dependencies as up and exposes the consumer metrics', async () => {
    const ready = await consumer.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      details: { postgres: { status: 'up' }, kafka: { status: 'up' } },
    });
    const metrics = await (await consumer.get('/metrics')).text();
    expect(metrics).toMatch(/^access_log_rows_inserted_total [1-9]\d*$/m);
    expect(metrics).toMatch(
      /^access_log_consumer_lag\{topic="video-accessed",partition="0"\} \d+$/m,
    );
    expect(metrics).toMatch(
      /^access_log_dlq_messages_total\{reason="malformed JSON"\} [1-9]/m,
    );
    expect(metrics).toMatch(
      /^access_log_batch_insert_duration_seconds_count\{result="ok"\} [1-9]/m,
    );
  });
});
