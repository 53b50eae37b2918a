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
import { PermanentMessageError } from '../permanent-message.error';
import { BatchDispatcher, type DispatchTarget } from './batch-dispatcher';

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
beforeEach(() => exporter.reset());

function aBatch(values: string[], firstOffset = 40): Batch {
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

function aPayload(batch: Batch, running = () => true) {
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
function aDispatcher(overrides: Partial<KafkaTransportOptions> = {}) {
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
const target = (
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

describe('BatchDispatcher, batch handlers', () => {
  it('commits past the last message only once the handler succeeded, after retrying its failures', async () => {
    const { dispatcher, retries } = aDispatcher();
    const { payload, commits } = aPayload(aBatch(['a', 'b', 'c']));
    const seen: unknown[] = [];
    let failures = 2;
    await dispatcher.dispatch(
      target(
        async (batch) => {
          seen.push(batch);
          if (failures-- > 0) throw new Error('database down');
        },
        { batch: true },
      ),
      payload,
    );
    expect(seen).toHaveLength(3);
    expect(
      (seen[2] as { value: Buffer }[]).map((m) => m.value.toString()),
    ).toEqual(['a', 'b', 'c']);
    expect(commits).toEqual(['43']);
    expect(
      retries.map((r) => [r.attempt, r.firstOffset, r.lastOffset]),
    ).toEqual([
      [1, '40', '42'],
      [2, '40', '42'],
    ]);
  });

  it('commits nothing when it is stopped while the handler still fails', async () => {
    const { dispatcher } = aDispatcher();
    let running = true;
    const { payload, commits } = aPayload(aBatch(['a', 'b']), () => running);
    setTimeout(() => (running = false), 60);
    await dispatcher.dispatch(
      target(
        async () => {
          throw new Error('database down');
        },
        { batch: true },
      ),
      payload,
    );
    expect(commits).toEqual([]);
    expect(exporter.getFinishedSpans().map((s) => s.status.message)).toEqual([
      'abandoned before it was stored',
      'abandoned before it was stored',
    ]);
  });

  it("records one named span per message, child of the producer's trace", async () => {
    const { dispatcher } = aDispatcher();
    const { payload } = aPayload(aBatch(['a', 'b']));
    await dispatcher.dispatch(
      target(async () => undefined, { batch: true, spanName: 'orders.save' }),
      payload,
    );
    const spans = exporter.getFinishedSpans();
    expect(
      spans.map((s) => [s.name, s.attributes['messaging.kafka.offset']]),
    ).toEqual([
      ['orders.save', '40'],
      ['orders.save', '41'],
    ]);
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(
      new Set(['4bf92f3577b34da6a3ce929d0e0e4736']),
    );
  });

  it('dead-letters the whole batch on a permanent error and commits past it', async () => {
    const { dispatcher, letters } = aDispatcher();
    const { payload, commits } = aPayload(aBatch(['a', 'b']));
    await dispatcher.dispatch(
      target(
        async () => {
          throw new PermanentMessageError('unsupported version');
        },
        { batch: true },
      ),
      payload,
    );
    expect(letters.map((l) => [l.source.offset, l.reason])).toEqual([
      ['40', 'unsupported version'],
      ['41', 'unsupported version'],
    ]);
    expect(commits).toEqual(['42']);
  });
});

describe('BatchDispatcher, single-message handlers', () => {
  it('hands messages one at a time and commits after each', async () => {
    const { dispatcher } = aDispatcher();
    const { payload, commits } = aPayload(aBatch(['a', 'b', 'c']));
    const seen: string[] = [];
    await dispatcher.dispatch(
      target(
        async (m) => void seen.push((m as { value: Buffer }).value.toString()),
      ),
      payload,
    );
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(commits).toEqual(['41', '42', '43']);
  });

  it('dead-letters only the message that failed permanently, with its source, and goes on', async () => {
    const { dispatcher, letters } = aDispatcher();
    const { payload, commits } = aPayload(aBatch(['a', 'bad', 'c']));
    await dispatcher.dispatch(
      target(async (m) => {
        if ((m as { value: Buffer }).value.toString() === 'bad')
          throw new PermanentMessageError('schema violation');
      }),
      payload,
    );
    expect(letters).toEqual([
      expect.objectContaining({
        value: Buffer.from('bad'),
        reason: 'schema violation',
        source: { topic: 'orders', partition: 1, offset: '41' },
      }),
    ]);
    expect(commits).toEqual(['41', '42', '43']);
  });

  it('retries only the dead-letter send while the DLQ is down, without running the handler again', async () => {
    const { dispatcher, letters, dlq } = aDispatcher();
    dlq.down = 2;
    const { payload, commits } = aPayload(aBatch(['bad']));
    let calls = 0;
    await dispatcher.dispatch(
      target(async () => {
        calls++;
        throw new PermanentMessageError('bad');
      }),
      payload,
    );
    expect(calls).toBe(1);
    expect(letters).toHaveLength(1);
    expect(commits).toEqual(['41']);
  });

  it('stops between messages when the consumer stops, leaving the rest uncommitted', async () => {
    const { dispatcher } = aDispatcher();
    let running = true;
    const { payload, commits } = aPayload(
      aBatch(['a', 'b', 'c']),
      () => running,
    );
    await dispatcher.dispatch(
      target(async () => void (running = false)),
      payload,
    );
    expect(commits).toEqual(['41']);
  });

  it('heartbeats while a long handler works', async () => {
    const { dispatcher } = aDispatcher();
    const { payload, calls } = aPayload(aBatch(['a']));
    await dispatcher.dispatch(
      target(() => new Promise((resolve) => setTimeout(resolve, 150))),
      payload,
    );
    expect(calls.heartbeats).toBeGreaterThanOrEqual(4);
  });
});
