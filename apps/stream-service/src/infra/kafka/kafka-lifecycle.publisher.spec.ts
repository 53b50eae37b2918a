import { Logger } from '@nestjs/common';
import type { VideoUploadedEvent } from '@video-streaming/contracts';
import type { Producer, ProducerRecord } from 'kafkajs';
import { Gauge } from 'prom-client';
import { readConfig } from '../../config';
import type { EventOutbox, OutboxRecord } from '../../domain/event-outbox.port';
import { KafkaLifecyclePublisher } from './kafka-lifecycle.publisher';

/** A producer whose broker can be switched off. */
function aFakeProducer() {
  const sent: VideoUploadedEvent[] = [];
  const state = { up: true };
  const fail = () => Promise.reject(new Error('broker down'));
  const producer = {
    connect: () => (state.up ? Promise.resolve() : fail()),
    disconnect: () => Promise.resolve(),
    send: (record: ProducerRecord) => {
      if (!state.up) return fail();
      for (const m of record.messages)
        sent.push(JSON.parse(String(m.value)) as VideoUploadedEvent);
      return Promise.resolve([]);
    },
  } as unknown as Producer;
  return { producer, sent, state };
}

/** An outbox in memory, shared by "processes" like the bucket is; it can fail too. */
function anOutbox() {
  const records = new Map<string, OutboxRecord>();
  const state = { up: true };
  const outbox: EventOutbox = {
    keep: async (id, body) => {
      if (!state.up) throw new Error('S3 down');
      records.set(id, { id, body, keptAt: new Date(0) });
    },
    remove: async (id) => void records.delete(id),
    list: async (limit) => [...records.values()].slice(0, limit),
  };
  return { outbox, records, state };
}

const video = (key: string) => ({
  videoKey: key,
  sourceKey: key,
  etag: '"e1"',
  sizeBytes: 1234,
  contentType: 'video/mp4',
  uploadedBy: 'u1',
  uploadProtocol: 'tus' as const,
});

function aPublisher(producer: Producer, outbox: EventOutbox) {
  const gauge = new Gauge({ name: 'p', help: 'p', registers: [] });
  const publisher = new KafkaLifecyclePublisher(
    producer,
    readConfig({ VIDEO_UPLOADED_OUTBOX_INTERVAL_MS: '60000' }),
    outbox,
    gauge,
  );
  const gaugeValue = async () => (await gauge.get()).values[0]?.value;
  return { publisher, gaugeValue };
}

describe('KafkaLifecyclePublisher (outbox, ADR 0030)', () => {
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  it('sends at once and leaves nothing in the outbox when Kafka is up', async () => {
    const kafka = aFakeProducer();
    const store = anOutbox();
    const { publisher } = aPublisher(kafka.producer, store.outbox);
    await publisher.announceUploaded(video('a.mp4'));
    expect(kafka.sent.map((e) => e.videoKey)).toEqual(['a.mp4']);
    expect(store.records.size).toBe(0);
    expect(publisher.pendingCount).toBe(0);
  });

  it('keeps the event while Kafka is down, counts it, and sends the same event once it is back', async () => {
    const kafka = aFakeProducer();
    const store = anOutbox();
    const { publisher, gaugeValue } = aPublisher(kafka.producer, store.outbox);
    kafka.state.up = false;
    await publisher.announceUploaded(video('b.mp4'));
    expect(store.records.size).toBe(1);
    const keptId = [...store.records.keys()][0];
    expect(publisher.pendingCount).toBe(1);
    expect(await gaugeValue()).toBe(1);
    kafka.state.up = true;
    await publisher.drain();
    expect(kafka.sent.map((e) => e.eventId)).toEqual([keptId]);
    expect(store.records.size).toBe(0);
    expect(await gaugeValue()).toBe(0);
    await publisher.onApplicationShutdown();
  });

  it('a new process republishes what a stopped one kept', async () => {
    const kafka = aFakeProducer();
    const store = anOutbox();
    kafka.state.up = false;
    const first = aPublisher(kafka.producer, store.outbox).publisher;
    await first.announceUploaded(video('c.mp4'));
    await first.onApplicationShutdown();
    const keptId = [...store.records.keys()][0];
    kafka.state.up = true;
    const second = aPublisher(kafka.producer, store.outbox).publisher;
    second.onApplicationBootstrap();
    await second.drain();
    expect(kafka.sent.map((e) => e.eventId)).toEqual([keptId]);
    expect(store.records.size).toBe(0);
    await second.onApplicationShutdown();
  });

  it('holds the event in memory when the outbox cannot be written, and still sends it', async () => {
    const kafka = aFakeProducer();
    const store = anOutbox();
    const { publisher } = aPublisher(kafka.producer, store.outbox);
    store.state.up = false;
    kafka.state.up = false;
    await publisher.announceUploaded(video('d.mp4'));
    expect(publisher.pendingCount).toBe(1);
    kafka.state.up = true;
    await publisher.drain();
    expect(kafka.sent.map((e) => e.videoKey)).toEqual(['d.mp4']);
    expect(publisher.pendingCount).toBe(0);
    await publisher.onApplicationShutdown();
  });
});
