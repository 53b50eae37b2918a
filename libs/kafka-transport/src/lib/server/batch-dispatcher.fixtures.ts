/** Fixtures of the dispatcher's specs: a KafkaJS batch payload, a dead-letter topic, Nest-like handlers. */
import { propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { Batch, EachBatchPayload, KafkaMessage, Offsets } from 'kafkajs';
import { of, throwError, type Observable } from 'rxjs';
import type { DeadLetter } from '../kafka-message';
import type {
  KafkaTransportOptions,
  RetryEvent,
} from '../kafka-transport.options';
import { BatchDispatcher, type DispatchTarget } from './batch-dispatcher';

export const TRACEPARENT =
  '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
export const exporter = new InMemorySpanExporter();

/** Spans recorded in memory, and the W3C propagator, for the duration of a spec file. */
export function recordSpans(): void {
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
  beforeEach(() => exporter.reset());
}

export function aBatch(values: string[], firstOffset = 40): Batch {
  const messages: KafkaMessage[] = values.map((value, i) => ({
    key: null,
    value: Buffer.from(value),
    headers: { traceparent: Buffer.from(TRACEPARENT) },
    offset: String(firstOffset + i),
    timestamp: '1700000000000',
    attributes: 0,
  }));
  return {
    topic: 'orders',
    partition: 1,
    highWatermark: String(firstOffset + values.length + 7),
    messages,
    isEmpty: () => messages.length === 0,
    firstOffset: () => messages[0]?.offset ?? null,
    lastOffset: () => messages.at(-1)?.offset ?? String(firstOffset - 1),
    offsetLag: () => '7',
    offsetLagLow: () => '7',
  };
}

export function aPayload(batch: Batch, running = () => true) {
  const commits: string[] = [];
  const calls = { heartbeats: 0 };
  const payload = {
    batch,
    resolveOffset: () => undefined,
    heartbeat: async () => void calls.heartbeats++,
    commitOffsetsIfNecessary: async (offsets?: Offsets) =>
      void commits.push(offsets?.topics[0].partitions[0].offset ?? 'none'),
    isRunning: running,
    isStale: () => false,
    pause: () => () => undefined,
    uncommittedOffsets: () => ({ topics: [] }),
  } as EachBatchPayload;
  return { payload, commits, calls };
}

/** A dispatcher with a dead-letter topic that may be down, recording what reaches it. */
export function aDispatcher(overrides: Partial<KafkaTransportOptions> = {}) {
  const letters: DeadLetter[] = [];
  const retries: RetryEvent[] = [];
  const dlq = { down: 0 };
  const dispatcher = new BatchDispatcher({
    options: {
      brokers: ['127.0.0.1:9092'],
      clientId: 'test',
      groupId: 'test',
      retry: { initialMs: 10, maxMs: 40 },
      consumer: { heartbeatInterval: 20 },
      hooks: { onRetry: (e) => void retries.push(e) },
      ...overrides,
    },
    deadLetters: {
      publish: async (sent) => {
        if (dlq.down-- > 0) throw new Error('DLQ unreachable');
        letters.push(...sent);
      },
    },
    logger: { warn: () => undefined },
    toObservable: (r) =>
      r && typeof r === 'object' && 'subscribe' in r
        ? (r as Observable<unknown>)
        : of(r),
  });
  return { dispatcher, letters, retries, dlq };
}

/** Like Nest's handler: the method's errors come back as an erroring Observable. */
export const target = (
  fn: (data: unknown) => Promise<void>,
  extras: DispatchTarget['extras'] = {},
): DispatchTarget => ({
  handler: Object.assign(
    async (data: unknown) =>
      fn(data)
        .then(() => of(undefined))
        .catch((e: unknown) => throwError(() => e)),
    { isEventHandler: true, extras },
  ) as unknown as DispatchTarget['handler'],
  extras,
});
