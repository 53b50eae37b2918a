import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('passes on an answer that comes in time', async () => {
    await expect(withTimeout(Promise.resolve(42), 1_000)).resolves.toBe(42);
  });

  it('rejects, saying how long it waited, when no answer comes', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20)).rejects.toThrow(
      'no answer within 20 ms',
    );
    await expect(
      withTimeout(new Promise(() => undefined), 20, 'no answer from Kafka'),
    ).rejects.toThrow('no answer from Kafka');
  });
});
