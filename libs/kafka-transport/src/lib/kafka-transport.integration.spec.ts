import {
  Controller,
  Inject,
  Injectable,
  Module,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type INestApplication,
  type NestInterceptor,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DLQ_HEADERS } from '@video-streaming/contracts';
import { Kafka, logLevel, type Admin, type IHeaders } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { InboundMessage } from './kafka-message';
import { PermanentMessageError } from './permanent-message.error';
import {
  connectKafkaTransport,
  provideKafkaTransport,
} from './provide-kafka-transport';
import { KafkaServer } from './server/kafka.server';

jest.setTimeout(90_000);

const BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const run = randomUUID().slice(0, 8);
const TOPIC = `kafka-transport-it-${run}`;
const DLQ = `${TOPIC}.dlq`;
const GROUP = `kafka-transport-it-${run}`;

/** What the handler did, and switches that make it slow or failing. */
@Injectable()
class Journal {
  handled: string[] = [];
  /** What an interceptor saw around each call: the context type and the message's value. */
  intercepted: string[] = [];
  attempts = new Map<string, number>();
  failing = true;
  gate?: Promise<void>;
}

/** Interceptors apply as for HTTP handlers, with the RPC context and the payload. */
@Injectable()
class RecordingInterceptor implements NestInterceptor {
  constructor(@Inject(Journal) private readonly journal: Journal) {}
  intercept(context: ExecutionContext, next: CallHandler) {
    const message = context.switchToRpc().getData<InboundMessage>();
    this.journal.intercepted.push(
      `${context.getType()}:${message.value?.toString()}`,
    );
    return next.handle();
  }
}

@Controller()
@UseInterceptors(RecordingInterceptor)
class OrdersController {
  constructor(@Inject(Journal) private readonly journal: Journal) {}

  @EventPattern('orders')
  async handle(@Payload() message: InboundMessage): Promise<void> {
    const value = message.value?.toString() ?? '';
    const j = this.journal;
    j.attempts.set(value, (j.attempts.get(value) ?? 0) + 1);
    if (value === 'slow') await j.gate;
    if (value === 'flaky' && j.failing) throw new Error('storage down');
    if (value === 'poison') throw new PermanentMessageError('poison pill');
    j.handled.push(value);
  }
}

function moduleWith(journal: Journal) {
  @Module({
    controllers: [OrdersController],
    providers: [
      { provide: Journal, useValue: journal },
      ...provideKafkaTransport({
        useFactory: () => ({
          brokers: BROKERS,
          clientId: 'kafka-transport-it',
          groupId: GROUP,
          topics: { orders: TOPIC },
          consumer: {
            sessionTimeout: 10_000,
            heartbeatInterval: 500,
            maxWaitTimeInMs: 100,
          },
          retry: { initialMs: 50, maxMs: 200 },
        }),
      }),
    ],
  })
  class OrdersModule {}
  return OrdersModule;
}

async function start(journal: Journal): Promise<INestApplication> {
  const app = await NestFactory.create(moduleWith(journal), {
    logger: ['error'],
  });
  connectKafkaTransport(app);
  await app.init();
  await app.startAllMicroservices();
  const server = app.get(KafkaServer);
  await waitFor(() => server.consumerStatus().joined, 'the group join');
  return app;
}

async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 30_000,
) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

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
