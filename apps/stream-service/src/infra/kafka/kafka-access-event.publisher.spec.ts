import { aVideoAccessedEvent } from '@video-streaming/contracts/testing';
import type { Producer, ProducerRecord } from 'kafkajs';
import { Logger } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { readConfig } from '../../config';
import { KafkaAccessEventPublisher } from './kafka-access-event.publisher';

/** A producer whose broker can be switched off. */
function aFakeProducer() {
  const sent: ProducerRecord[] = [];
  const state = { up: true };
  const fail = () => Promise.reject(new Error('broker down'));
  const producer = {
    events: { DISCONNECT: 'producer.disconnect' },
    on: () => () => undefined,
    connect: () => (state.up ? Promise.resolve() : fail()),
    disconnect: () => Promise.resolve(),
    send: (record: ProducerRecord) =>
      state.up ? (sent.push(record), Promise.resolve([])) : fail(),
  } as unknown as Producer;
  return { producer, sent, state };
}

const metric = <T>(make: () => T) => make();

function aPublisher(producer: Producer, env: Record<string, string> = {}) {
  const counters = {
    queued: metric(() => new Counter({ name: 'q', help: 'q', registers: [] })),
    sent: metric(() => new Counter({ name: 's', help: 's', registers: [] })),
    dropped: metric(() => new Counter({ name: 'd', help: 'd', registers: [] })),
    buffered: metric(() => new Gauge({ name: 'b', help: 'b', registers: [] })),
    invalid: metric(() => new Counter({ name: 'i', help: 'i', registers: [] })),
  };
  const config = readConfig({
    KAFKA_BATCH_INTERVAL_MS: '5',
    KAFKA_SHUTDOWN_FLUSH_TIMEOUT_MS: '2000',
    ...env,
  });
  const publisher = new KafkaAccessEventPublisher(
    producer,
    config,
    counters.queued,
    counters.sent,
    counters.dropped,
    counters.buffered,
    counters.invalid,
  );
  return { publisher, counters };
}

const value = async (c: Counter | Gauge) =>
  (await c.get()).values[0]?.value ?? 0;
const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end)
    await new Promise((r) => setTimeout(r, 10));
};

describe('KafkaAccessEventPublisher', () => {
  it('sends the events of a burst together, keyed by video', async () => {
    const { producer, sent } = aFakeProducer();
    const { publisher, counters } = aPublisher(producer);
    for (let i = 0; i < 5; i++)
      publisher.publish(aVideoAccessedEvent({ videoKey: `v${i}.mp4` }));
    await until(() => sent.length > 0);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ topic: 'video-accessed', acks: -1 });
    expect(sent[0].messages.map((m) => m.key)).toEqual([
      'v0.mp4',
      'v1.mp4',
      'v2.mp4',
      'v3.mp4',
      'v4.mp4',
    ]);
    expect(await value(counters.sent)).toBe(5);
    await publisher.onApplicationShutdown();
  });

  it('keeps events while Kafka is down and delivers all of them, in order, when it returns', async () => {
    const { producer, sent, state } = aFakeProducer();
    state.up = false;
    const { publisher } = aPublisher(producer);
    const events = Array.from({ length: 20 }, (_, i) =>
      aVideoAccessedEvent({ videoKey: `v${i}.mp4` }),
    );
    const started = Date.now();
    events.forEach((e) => publisher.publish(e));
    expect(Date.now() - started).toBeLessThan(50); // publish never waits for Kafka
    await new Promise((r) => setTimeout(r, 400));
    expect(publisher.bufferedCount).toBe(20);
    state.up = true;
    await until(() => publisher.bufferedCount === 0, 8000);
    const delivered = sent.flatMap((r) =>
      r.messages.map((m) => JSON.parse(String(m.value)).eventId),
    );
    expect(delivered).toEqual(events.map((e) => e.eventId));
    await publisher.onApplicationShutdown();
  });

  it('drops the oldest events past the bound and counts them', async () => {
    const { producer, sent, state } = aFakeProducer();
    state.up = false;
    const { publisher, counters } = aPublisher(producer, {
      KAFKA_BUFFER_MAX_EVENTS: '3',
    });
    const events = Array.from({ length: 5 }, (_, i) =>
      aVideoAccessedEvent({ videoKey: `v${i}.mp4` }),
    );
    events.forEach((e) => publisher.publish(e));
    expect(publisher.bufferedCount).toBe(3);
    expect(await value(counters.dropped)).toBe(2);
    state.up = true;
    await until(() => publisher.bufferedCount === 0, 8000);
    expect(sent.flatMap((r) => r.messages.map((m) => m.key))).toEqual([
      'v2.mp4',
      'v3.mp4',
      'v4.mp4',
    ]);
    await publisher.onApplicationShutdown();
  });

  it('flushes what is buffered on shutdown', async () => {
    const { producer, sent } = aFakeProducer();
    const { publisher } = aPublisher(producer, {
      KAFKA_BATCH_INTERVAL_MS: '60000',
    });
    publisher.publish(aVideoAccessedEvent());
    publisher.publish(aVideoAccessedEvent());
    await publisher.onApplicationShutdown();
    expect(sent.flatMap((r) => r.messages)).toHaveLength(2);
  });

  it('gives up on shutdown after the flush timeout when Kafka stays down', async () => {
    const { producer, state } = aFakeProducer();
    state.up = false;
    const { publisher } = aPublisher(producer, {
      KAFKA_SHUTDOWN_FLUSH_TIMEOUT_MS: '300',
      KAFKA_BATCH_INTERVAL_MS: '60000',
    });
    publisher.publish(aVideoAccessedEvent());
    const started = Date.now();
    await publisher.onApplicationShutdown();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(publisher.bufferedCount).toBe(1);
  });

  it('never sends an event the consumer would dead-letter: counts and logs it, and keeps going', async () => {
    const { producer, sent } = aFakeProducer();
    const { publisher, counters } = aPublisher(producer);
    const errors = jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation(() => undefined);
    try {
      expect(() =>
        publisher.publish(aVideoAccessedEvent({ videoKey: '' })),
      ).not.toThrow();
      publisher.publish(aVideoAccessedEvent({ userId: 'a\u0000b' }));
      publisher.publish(aVideoAccessedEvent({ videoKey: 'fine.mp4' }));
      await publisher.onApplicationShutdown();
      expect(await value(counters.invalid)).toBe(2);
      expect(await value(counters.queued)).toBe(1);
      expect(sent.flatMap((r) => r.messages).map((m) => m.key)).toEqual([
        'fine.mp4',
      ]);
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/videoKey/));
    } finally {
      errors.mockRestore();
    }
  });
});
