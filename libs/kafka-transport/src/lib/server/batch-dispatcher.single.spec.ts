import { PermanentMessageError } from '../permanent-message.error';
import {
  aBatch,
  aDispatcher,
  aPayload,
  recordSpans,
  target,
} from './batch-dispatcher.fixtures';

recordSpans();

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
    const until = Date.now() + 5_000;
    let beatsDuringWork = 0;
    await dispatcher.dispatch(
      // The handler works until it has seen three heartbeats (or gives up after 5 s).
      target(async () => {
        while (calls.heartbeats < 3 && Date.now() < until)
          await new Promise((resolve) => setTimeout(resolve, 10));
        beatsDuringWork = calls.heartbeats;
      }),
      payload,
    );
    expect(beatsDuringWork).toBeGreaterThanOrEqual(3);
  });
});
