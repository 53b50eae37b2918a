import { DLQ_HEADERS } from '@video-streaming/contracts';
import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSProtocolError,
  type Kafka,
  type Message,
} from 'kafkajs';
import type { DeadLetter } from '../kafka-message';
import type { KafkaTransportOptions } from '../kafka-transport.options';
import { DLQ_TRUNCATION_HEADERS } from './dead-letter-sends';
import { KafkaDeadLetterPublisher } from './kafka-dead-letter.publisher';

const tooLarge = () => {
  const cause = new KafkaJSProtocolError({
    type: 'MESSAGE_TOO_LARGE',
    code: 10,
    retriable: false,
    message:
      'The request included a message larger than the max message size the server will accept',
  } as never);
  // kafkajs' typings omit the second argument its retrier passes (src/retry/index.js).
  const NonRetriable = KafkaJSNonRetriableError as unknown as new (
    e: Error,
    o: { cause: Error },
  ) => Error;
  return new NonRetriable(cause, { cause });
};

/** A broker that refuses a produce request above `maxRequestBytes` of raw payload, like message.max.bytes. */
class FakeBroker {
  readonly stored: Message[] = [];
  requests = 0;
  refuseAll = false;
  down = false;
  constructor(private readonly maxRequestBytes: number) {}
  producer(topics: string[]) {
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      send: async ({
        topic,
        messages,
      }: {
        topic: string;
        messages: Message[];
      }) => {
        this.requests++;
        topics.push(topic);
        if (this.down)
          throw new KafkaJSConnectionError('Connection error: ECONNREFUSED');
        const size = messages.reduce(
          (sum, m) => sum + (m.value?.length ?? 0) + 200,
          0,
        );
        if (this.refuseAll || size > this.maxRequestBytes) throw tooLarge();
        this.stored.push(...messages);
        return [];
      },
    };
  }
}

const letter = (valueBytes: number, offset: number): DeadLetter => ({
  key: null,
  value: Buffer.alloc(valueBytes, 'x'),
  headers: {},
  reason: 'schema violation: videoKey: Too small',
  source: { topic: 'video-accessed', partition: 0, offset: String(offset) },
});

function publisherOn(broker: FakeBroker) {
  const counters = { sent: 0, truncated: 0, dropped: 0 };
  const topics: string[] = [];
  const options: KafkaTransportOptions = {
    brokers: ['127.0.0.1:9092'],
    clientId: 'test',
    groupId: 'test',
    hooks: {
      onDeadLettered: (_, truncated) => {
        counters.sent++;
        if (truncated) counters.truncated++;
      },
      onDeadLetterDropped: () => void counters.dropped++,
    },
  };
  const kafka = { producer: () => broker.producer(topics) } as unknown as Kafka;
  const publisher = new KafkaDeadLetterPublisher(kafka, options);
  return { publisher, counters, topics };
}

describe('KafkaDeadLetterPublisher', () => {
  it('splits a burst of letters into requests the broker accepts, and stores every one', async () => {
    const broker = new FakeBroker(1_048_588);
    const { publisher, counters, topics } = publisherOn(broker);
    const letters = Array.from({ length: 5_000 }, (_, i) => letter(1_500, i));
    await publisher.publish(letters);
    expect(broker.stored).toHaveLength(5_000);
    expect(new Set(topics)).toEqual(new Set(['video-accessed.dlq']));
    expect(broker.requests).toBeGreaterThanOrEqual(10);
    expect(counters.sent).toBe(5_000);
  });

  it('dead-letters a single oversized message truncated, with its original size', async () => {
    const broker = new FakeBroker(1_048_588);
    const { publisher, counters } = publisherOn(broker);
    await publisher.publish([letter(3_000_000, 7), letter(10, 8)]);
    expect(broker.stored).toHaveLength(2);
    const [big] = broker.stored;
    expect(big.value?.length).toBeLessThan(1_000_000);
    expect(big.headers).toMatchObject({
      [DLQ_TRUNCATION_HEADERS.truncated]: 'true',
      [DLQ_TRUNCATION_HEADERS.originalSize]: '3000000',
      [DLQ_HEADERS.sourceOffset]: '7',
    });
    expect(counters.truncated).toBe(1);
  });

  it('halves a request the broker refuses as too large, even when its own estimate was wrong', async () => {
    // A broker whose limit is far below the configured one: retrying the same request cannot help.
    const broker = new FakeBroker(50_000);
    const { publisher } = publisherOn(broker);
    await publisher.publish(
      Array.from({ length: 200 }, (_, i) => letter(2_000, i)),
    );
    expect(broker.stored).toHaveLength(200);
    expect(
      broker.stored.map((m) => m.headers?.[DLQ_HEADERS.sourceOffset]),
    ).toEqual(Array.from({ length: 200 }, (_, i) => String(i)));
  });

  it('sends a letter the broker refuses even alone as its headers only, and drops it (counted) only if that is refused too', async () => {
    const broker = new FakeBroker(1_000);
    const { publisher, counters } = publisherOn(broker);
    await publisher.publish([letter(5_000, 1)]);
    expect(broker.stored[0].value).toEqual(Buffer.alloc(0));
    expect(
      broker.stored[0].headers?.[DLQ_TRUNCATION_HEADERS.originalSize],
    ).toBe('5000');

    broker.refuseAll = true;
    await expect(publisher.publish([letter(10, 2)])).resolves.toBeUndefined();
    expect(counters.dropped).toBe(1);
  });

  it('fails (so the batch is retried) when the broker is unreachable', async () => {
    const broker = new FakeBroker(1_048_588);
    broker.down = true;
    const { publisher } = publisherOn(broker);
    await expect(publisher.publish([letter(10, 1)])).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
