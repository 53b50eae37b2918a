import { DLQ_HEADERS } from '@video-streaming/contracts';
import { Kafka, logLevel, type Admin, type IHeaders } from 'kafkajs';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  BROKERS,
  Journal,
  start as startApp,
  waitFor,
} from './kafka-transport.integration.fixtures';

jest.setTimeout(90_000);

const run = randomUUID().slice(0, 8);
const TOPIC = `kafka-transport-it-${run}`;
const DLQ = `${TOPIC}.dlq`;
const GROUP = `kafka-transport-it-${run}`;
const start = (journal: Journal) => startApp(journal, TOPIC, GROUP);

describe('KafkaServer on the real broker', () => {
  const kafka = new Kafka({
    brokers: BROKERS,
    clientId: 'kafka-transport-it-client',
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  let admin: Admin;
  let app: INestApplication;
  let journal: Journal;

  const send = (...values: string[]) =>
    producer.send({
      topic: TOPIC,
      acks: -1,
      messages: values.map((value) => ({ value })),
    });
  const committed = async () => {
    const [topic] = await admin.fetchOffsets({
      groupId: GROUP,
      topics: [TOPIC],
    });
    return Number(topic.partitions[0].offset);
  };

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [TOPIC, DLQ].map((topic) => ({ topic, numPartitions: 1 })),
    });
    await producer.connect();
    journal = new Journal();
    app = await start(journal);
  });

  afterAll(async () => {
    await app?.close();
    await producer.disconnect();
    await admin.deleteGroups([GROUP]).catch(() => undefined);
    await admin.deleteTopics({ topics: [TOPIC, DLQ] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('commits an offset only after the handler for it has finished', async () => {
    await send('a', 'b');
    await waitFor(async () => (await committed()) === 2, 'commit past a and b');
    expect(journal.handled).toEqual(['a', 'b']);
    expect(journal.intercepted).toEqual(['rpc:a', 'rpc:b']);

    let open = () => undefined as void;
    journal.gate = new Promise<void>((resolve) => (open = resolve));
    await send('slow');
    await waitFor(
      () => journal.attempts.get('slow') === 1,
      'the slow handler to start',
    );
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await committed()).toBe(2);
    open();
    await waitFor(async () => (await committed()) === 3, 'commit past slow');
    expect(journal.handled).toEqual(['a', 'b', 'slow']);
  });

  it('retries a failing message in place, commits nothing past it, and redelivers it after a restart', async () => {
    await send('flaky');
    await waitFor(
      () => (journal.attempts.get('flaky') ?? 0) >= 3,
      'retries of flaky',
    );
    expect(await committed()).toBe(3);
    await app.close(); // graceful shutdown while the handler still fails

    expect(await committed()).toBe(3);
    journal = new Journal();
    journal.failing = false;
    app = await start(journal);
    await waitFor(async () => (await committed()) === 4, 'commit past flaky');
    expect(journal.handled).toEqual(['flaky']);
  });

  it('sends a message that fails permanently to the DLQ with its provenance, and goes on', async () => {
    await send('poison', 'after');
    await waitFor(
      async () => (await committed()) === 6,
      'commit past poison and after',
    );
    expect(journal.handled).toEqual(['flaky', 'after']);
    expect(journal.attempts.get('poison')).toBe(1);

    const letters: { value: string; headers: IHeaders }[] = [];
    const reader = kafka.consumer({ groupId: `${GROUP}-dlq-reader` });
    await reader.connect();
    await reader.subscribe({ topic: DLQ, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) =>
        void letters.push({
          value: message.value?.toString() ?? '',
          headers: message.headers ?? {},
        }),
    });
    await waitFor(() => letters.length > 0, 'the dead letter');
    await reader.disconnect();
    await admin.deleteGroups([`${GROUP}-dlq-reader`]).catch(() => undefined);
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    expect(letter.value).toBe('poison');
    expect(
      Object.fromEntries(
        Object.values(DLQ_HEADERS).map((h) => [
          h,
          letter.headers[h]?.toString(),
        ]),
      ),
    ).toEqual({
      [DLQ_HEADERS.reason]: 'poison pill',
      [DLQ_HEADERS.sourceTopic]: TOPIC,
      [DLQ_HEADERS.sourcePartition]: '0',
      [DLQ_HEADERS.sourceOffset]: '4',
    });
  });
});
