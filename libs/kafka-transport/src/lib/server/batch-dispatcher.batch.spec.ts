import { PermanentMessageError } from '../permanent-message.error';
import {
  aBatch,
  aDispatcher,
  aPayload,
  exporter,
  recordSpans,
  target,
} from './batch-dispatcher.fixtures';

recordSpans();

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
