import { propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { CONSUMER_SPAN_NAME } from '@video-streaming/contracts';
import { aVideoAccessedEvent } from '@video-streaming/contracts/testing';
import type { Batch, EachBatchPayload, KafkaMessage, Offsets } from 'kafkajs';
import { Counter } from 'prom-client';
import type { StoreAccessEventsUseCase } from '../../application/store-access-events/store-access-events.use-case';
import { configSchema } from '../../config';
import { VideoAccessedBatchHandler } from './video-accessed.batch-handler';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const exporter = new InMemorySpanExporter();

beforeAll(() => {
  trace.setGlobalTracerProvider(
    new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    }),
  );
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterAll(() => {
  trace.disable();
  propagation.disable();
});

function aBatch(count: number, firstOffset = 40): Batch {
  const messages: KafkaMessage[] = Array.from({ length: count }, (_, i) => ({
    key: null,
    value: Buffer.from(JSON.stringify(aVideoAccessedEvent())),
    headers: { traceparent: Buffer.from(TRACEPARENT) },
    offset: String(firstOffset + i),
    timestamp: String(Date.now()),
    attributes: 0,
  }));
  return {
    topic: 'video-accessed',
    partition: 1,
    highWatermark: String(firstOffset + count + 7),
    messages,
    isEmpty: () => messages.length === 0,
    firstOffset: () => messages[0]?.offset ?? null,
    lastOffset: () => messages.at(-1)?.offset ?? String(firstOffset - 1),
    offsetLag: () => '7',
    offsetLagLow: () => '7',
  };
}

function aPayload(batch: Batch, running = () => true) {
  const commits: Offsets[] = [];
  const resolved: string[] = [];
  const payload = {
    batch,
    resolveOffset: (offset: string) => void resolved.push(offset),
    heartbeat: async () => undefined,
    commitOffsetsIfNecessary: async (offsets?: Offsets) =>
      void (offsets && commits.push(offsets)),
    isRunning: running,
    isStale: () => false,
    pause: () => () => undefined,
    uncommittedOffsets: () => ({ topics: [] }),
  } as EachBatchPayload;
  return { payload, commits, resolved };
}

describe('VideoAccessedBatchHandler', () => {
  const config = configSchema.parse({
    STORE_RETRY_INITIAL_MS: '10',
    STORE_RETRY_MAX_MS: '100',
    CONSUMER_HEARTBEAT_INTERVAL_MS: '100',
  });
  const retries = new Counter({
    name: 'retries_test',
    help: 'h',
    registers: [],
  });
  const handlerWith = (execute: () => Promise<unknown>) =>
    new VideoAccessedBatchHandler(
      { execute } as unknown as StoreAccessEventsUseCase,
      config,
      retries,
    );

  beforeEach(() => exporter.reset());

  it('commits the offset after the last message only once the batch is stored, after retrying failures', async () => {
    let failures = 2;
    const handler = handlerWith(async () => {
      if (failures-- > 0) throw new Error('connection refused');
      return { inserted: 3, valid: 3, deadLettered: 0 };
    });
    const { payload, commits, resolved } = aPayload(aBatch(3));
    await handler.handle(payload);
    expect(failures).toBe(-1);
    expect(resolved).toEqual(['42']);
    expect(commits).toEqual([
      {
        topics: [
          {
            topic: 'video-accessed',
            partitions: [{ partition: 1, offset: '43' }],
          },
        ],
      },
    ]);
  });

  it('commits nothing when it is stopped while storage (PostgreSQL or the DLQ) is still failing', async () => {
    let running = true;
    const handler = handlerWith(async () => {
      running = false;
      throw new Error('dead-letter topic unavailable');
    });
    const { payload, commits, resolved } = aPayload(aBatch(2), () => running);
    await handler.handle(payload);
    expect(commits).toEqual([]);
    expect(resolved).toEqual([]);
  });

  it(`records one ${CONSUMER_SPAN_NAME} span per event, child of the emitting request's trace`, async () => {
    const handler = handlerWith(async () => ({
      inserted: 2,
      valid: 2,
      deadLettered: 0,
    }));
    await handler.handle(aPayload(aBatch(2)).payload);
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual([
      CONSUMER_SPAN_NAME,
      CONSUMER_SPAN_NAME,
    ]);
    for (const span of spans) {
      expect(span.spanContext().traceId).toBe(
        '4bf92f3577b34da6a3ce929d0e0e4736',
      );
      expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    }
  });
});
