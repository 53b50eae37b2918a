import { DLQ_HEADERS } from '@video-streaming/contracts';
import { aVideoAccessedEvent } from '@video-streaming/contracts/testing';
import { randomUUID } from 'node:crypto';
import { DLQ_TRUNCATION_HEADERS } from '@video-streaming/kafka-transport';
import { AccessLogTable } from '../../testing/access-log-table';
import type { AppProcess } from '@video-streaming/dev-stack';
import {
  ensureConsumerBuilt,
  startConsumer,
} from '../../testing/consumer-process';
import {
  KafkaTestClient,
  type RawMessage,
} from '../../testing/kafka-test-client';
import { waitFor } from '../../testing/stack';

jest.setTimeout(300_000);

const PARTITIONS = 3;
/** The broker's default message.max.bytes: one produce request's batch per partition must fit it. */
const BROKER_MAX_MESSAGE_BYTES = 1_048_588;

interface Planned {
  message: RawMessage & { partition: number };
  valid: boolean;
}

/**
 * A producer bug floods the topic with events that parse but break the contract (empty videoKey),
 * some of them big: the consumer must dead-letter every one and store every valid one, on every
 * partition, without any produce request the broker would refuse. Private topics, so the shared
 * video-accessed and its DLQ see none of it.
 */
describe('a burst of contract-invalid events (real Kafka and PostgreSQL)', () => {
  const run = randomUUID().slice(0, 8);
  const topic = `access-log-burst-${run}`;
  const dlqTopic = `${topic}.dlq`;
  const groupId = `access-log-consumer-burst-${run}`;
  const userId = `burst-${run}`;
  const kafka = new KafkaTestClient();
  const table = new AccessLogTable();
  let consumer: AppProcess | undefined;

  beforeAll(async () => {
    ensureConsumerBuilt();
    await kafka.createTopics([topic, dlqTopic], PARTITIONS);
  });

  afterAll(async () => {
    await consumer?.stop();
    await table.deleteUser(userId);
    await table.deleteUser(`${userId}-naive`);
    await kafka.deleteGroups([
      groupId,
      `${groupId}-dlq-reader`,
      `${groupId}-naive`,
      `${groupId}-naive-dlq-reader`,
    ]);
    await kafka.deleteTopics([
      topic,
      dlqTopic,
      `${topic}-naive`,
      `${topic}-naive.dlq`,
    ]);
    await Promise.all([kafka.close(), table.close()]);
  });

  const invalid = (
    partition: number,
    userAgentBytes = 0,
    user = userId,
  ): Planned => ({
    valid: false,
    message: {
      partition,
      key: randomUUID(),
      value: JSON.stringify({
        ...aVideoAccessedEvent({ userId: user }),
        videoKey: '',
        ...(userAgentBytes && {
          client: { userAgent: 'x'.repeat(userAgentBytes), ipAnonymised: null },
        }),
      }),
    },
  });
  const valid = (partition: number, user = userId): Planned => {
    const event = aVideoAccessedEvent({ userId: user });
    return {
      valid: true,
      message: { partition, key: event.eventId, value: JSON.stringify(event) },
    };
  };

  /** 10,000+ invalid events interleaved with valid ones on every partition, a few of them large. */
  function plan(): Planned[][] {
    const sends: Planned[][] = [];
    for (let chunk = 0; chunk < 10; chunk++) {
      const small: Planned[] = [];
      for (let i = 0; i < 1_000; i++) {
        small.push(invalid(i % PARTITIONS));
        if (i % 3 === 2) small.push(valid(i % PARTITIONS));
      }
      sends.push(small);
      // Each alone is accepted from the producer; a partition's letters together are megabytes.
      if (chunk % 2 === 0)
        for (let p = 0; p < PARTITIONS; p++) sends.push([invalid(p, 700_000)]);
    }
    // Bigger than a dead-letter send may be (DLQ_MAX_SEND_BYTES): its letter is truncated.
    for (let p = 0; p < PARTITIONS; p++) sends.push([invalid(p, 1_000_000)]);
    return sends;
  }

  /** Sends in order and returns each invalid message's "partition:offset". */
  async function produce(sends: Planned[][], to = topic): Promise<Set<string>> {
    const invalidAt = new Set<string>();
    for (const send of sends) {
      const results = await kafka.send(
        send.map((p) => p.message),
        to,
      );
      for (let p = 0; p < PARTITIONS; p++) {
        const base = results.find((r) => r.partition === p)?.baseOffset;
        send
          .filter((planned) => planned.message.partition === p)
          .forEach((planned, index) => {
            if (!planned.valid)
              invalidAt.add(`${p}:${BigInt(base ?? -1) + BigInt(index)}`);
          });
      }
    }
    return invalidAt;
  }

  it('dead-letters every invalid event, stores every valid one, and leaves no partition behind', async () => {
    const sends = plan();
    const planned = sends.flat();
    const validCount = planned.filter((p) => p.valid).length;
    const invalidLetters = planned.filter((p) => !p.valid);
    expect(invalidLetters.length).toBeGreaterThanOrEqual(10_000);
    for (let p = 0; p < PARTITIONS; p++) {
      // What one naive send() of this partition's letters would have put in a single request.
      const naive = invalidLetters
        .filter((l) => l.message.partition === p)
        .reduce((sum, l) => sum + (l.message.value?.length ?? 0), 0);
      expect(naive).toBeGreaterThan(BROKER_MAX_MESSAGE_BYTES);
    }

    const invalidAt = await produce(sends);
    expect(invalidAt.size).toBe(invalidLetters.length);
    consumer = await startConsumer({
      CONSUMER_GROUP_ID: groupId,
      ACCESS_LOG_TOPIC: topic,
      ACCESS_LOG_DLQ_TOPIC: dlqTopic,
      ACCESS_LOG_LAG_REFRESH_SECONDS: '1',
      ACCESS_LOG_STALL_SECONDS: '60',
    });

    const letters = await kafka.readAll(
      dlqTopic,
      `${groupId}-dlq-reader`,
      (message) => ({
        source: `${message.headers?.[DLQ_HEADERS.sourcePartition]?.toString()}:${message.headers?.[DLQ_HEADERS.sourceOffset]?.toString()}`,
        reason: message.headers?.[DLQ_HEADERS.reason]?.toString() ?? '',
        truncated:
          message.headers?.[DLQ_TRUNCATION_HEADERS.truncated]?.toString(),
        originalSize: Number(
          message.headers?.[DLQ_TRUNCATION_HEADERS.originalSize]?.toString(),
        ),
        size: message.value?.length ?? 0,
      }),
      (items) => new Set(items.map((i) => i.source)).size >= invalidAt.size,
      180_000,
    );
    const sources = new Set(letters.map((l) => l.source));
    expect(sources.size).toBe(invalidAt.size);
    expect([...sources].filter((s) => !invalidAt.has(s))).toEqual([]);
    expect(
      letters.every((l) => /^schema violation: .*videoKey/.test(l.reason)),
    ).toBe(true);
    const truncated = letters.filter((l) => l.truncated === 'true');
    expect(truncated.length).toBeGreaterThanOrEqual(PARTITIONS);
    for (const letter of truncated) {
      expect(letter.originalSize).toBeGreaterThan(1_000_000);
      expect(letter.size).toBeGreaterThan(0);
      expect(letter.size).toBeLessThan(letter.originalSize);
    }

    await waitFor(
      async () => (await table.counts(userId)).rows >= validCount,
      60_000,
      `${validCount} rows`,
    );
    expect(await table.counts(userId)).toEqual({
      rows: validCount,
      events: validCount,
    });

    // The lag read from the brokers drains to 0 on every partition, and the service stays ready.
    const running = consumer;
    await waitFor(
      async () => {
        const metrics = await (await running.get('/metrics')).text();
        const lags = [
          ...metrics.matchAll(
            new RegExp(
              `^access_log_consumer_lag\\{topic="${topic}",partition="\\d"\\} (\\d+)$`,
              'gm',
            ),
          ),
        ];
        return lags.length === PARTITIONS && lags.every((m) => m[1] === '0');
      },
      30_000,
      'zero lag on every partition',
    );
    const ready = await running.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      details: { partitions: { status: 'up' } },
    });
    expect(running.output).not.toMatch(/retrying/);
  });

  it("splits a send the broker refuses as too large even when the configured limits are above the broker's", async () => {
    // Misconfigured: sends as big as the consumer likes. The broker's MESSAGE_TOO_LARGE must be
    // recognised as permanent and split, never retried as it is.
    const naiveTopic = `${topic}-naive`;
    const user = `${userId}-naive`;
    await kafka.createTopics([naiveTopic], PARTITIONS);
    // One partition, as video-accessed.dlq has: spread over three, a send's letters could fall into
    // per-partition batches small enough for the broker, and nothing would be refused to split.
    await kafka.createTopics([`${naiveTopic}.dlq`], 1);
    const sends: Planned[][] = [];
    for (let p = 0; p < PARTITIONS; p++) {
      const small = Array.from({ length: 300 }, (_, i) =>
        i % 3 ? invalid(p, 0, user) : valid(p, user),
      );
      sends.push(
        small,
        [invalid(p, 700_000, user)],
        [invalid(p, 700_000, user)],
      );
    }
    const validCount = sends.flat().filter((p) => p.valid).length;
    const invalidAt = await produce(sends, naiveTopic);
    const naive = await startConsumer({
      CONSUMER_GROUP_ID: `${groupId}-naive`,
      ACCESS_LOG_TOPIC: naiveTopic,
      ACCESS_LOG_DLQ_TOPIC: `${naiveTopic}.dlq`,
      DLQ_MAX_SEND_MESSAGES: '100000',
      DLQ_MAX_SEND_BYTES: String(100 * 1024 * 1024),
    });
    try {
      const letters = await kafka.readAll(
        `${naiveTopic}.dlq`,
        `${groupId}-naive-dlq-reader`,
        (message) =>
          `${message.headers?.[DLQ_HEADERS.sourcePartition]?.toString()}:${message.headers?.[DLQ_HEADERS.sourceOffset]?.toString()}`,
        (items) => new Set(items).size >= invalidAt.size,
        120_000,
      );
      expect(new Set(letters)).toEqual(invalidAt);
      await waitFor(
        async () => (await table.counts(user)).rows >= validCount,
        60_000,
        `${validCount} rows`,
      );
      expect(await table.counts(user)).toEqual({
        rows: validCount,
        events: validCount,
      });
      expect(naive.output).toMatch(
        /refused by the broker, splitting it in two/,
      );
      expect(naive.output).not.toMatch(/not stored \(attempt/);
    } finally {
      await naive.stop();
    }
  });
});
