import { DLQ_HEADERS as CONTRACT_DLQ_HEADERS } from '@video-streaming/contracts';
import type { DeadLetter } from '../kafka-message';
import {
  DLQ_HEADERS,
  DLQ_TRUNCATION_HEADERS,
  estimateBytes,
  splitIntoSends,
  toLetterMessage,
} from './dead-letter-sends';

const letter = (valueBytes: number, offset = 0): DeadLetter => ({
  key: Buffer.from('k'),
  value: Buffer.alloc(valueBytes, 'x'),
  headers: {
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  },
  reason: 'schema violation: videoKey: Too small',
  source: { topic: 'video-accessed', partition: 1, offset: String(offset) },
});

it('writes the provenance headers the event contract names', () => {
  expect(DLQ_HEADERS).toEqual(CONTRACT_DLQ_HEADERS);
});

describe('toLetterMessage', () => {
  it('keeps the original key, value and headers and adds the reason and source', () => {
    const { message, truncated } = toLetterMessage(letter(100), 10_000);
    expect(truncated).toBe(false);
    expect(message.value).toEqual(Buffer.alloc(100, 'x'));
    expect(message.headers).toMatchObject({
      traceparent: expect.any(String),
      [DLQ_HEADERS.reason]: 'schema violation: videoKey: Too small',
      [DLQ_HEADERS.sourcePartition]: '1',
    });
    expect(message.headers[DLQ_TRUNCATION_HEADERS.truncated]).toBeUndefined();
  });

  it('cuts a letter bigger than the limit to fit, saying so and how big it was', () => {
    const { message, truncated } = toLetterMessage(letter(2_000_000), 900_000);
    expect(truncated).toBe(true);
    expect(estimateBytes(message)).toBeLessThanOrEqual(900_000);
    expect(message.value?.length).toBeGreaterThan(899_000);
    expect(message.headers).toMatchObject({
      [DLQ_TRUNCATION_HEADERS.truncated]: 'true',
      [DLQ_TRUNCATION_HEADERS.originalSize]: '2000000',
      [DLQ_HEADERS.reason]: expect.stringMatching(/^schema violation/),
      traceparent: expect.any(String),
    });
  });

  it('drops the original headers too when they alone exceed the limit', () => {
    const huge = { ...letter(10), headers: { big: 'h'.repeat(20_000) } };
    const { message } = toLetterMessage(huge, 5_000);
    expect(estimateBytes(message)).toBeLessThanOrEqual(5_000);
    expect(message.headers['big']).toBeUndefined();
    expect(message.headers[DLQ_HEADERS.sourceOffset]).toBe('0');
  });

  it('bounds the reason, which may quote the payload', () => {
    const long = {
      ...letter(1),
      reason: `schema violation: ${'y'.repeat(5_000)}`,
    };
    expect(
      toLetterMessage(long, 1_000_000).message.headers[DLQ_HEADERS.reason],
    ).toHaveLength(1_000);
  });
});

describe('splitIntoSends', () => {
  const items = (n: number, bytes: number) =>
    Array.from({ length: n }, (_, i) =>
      toLetterMessage(letter(bytes, i), 900_000),
    );

  it('caps each send by message count', () => {
    const sends = splitIntoSends(items(1_201, 10), {
      maxMessages: 500,
      maxBytes: 900_000,
    });
    expect(sends.map((s) => s.length)).toEqual([500, 500, 201]);
  });

  it('caps each send by estimated bytes, so no produce request exceeds the broker limit', () => {
    const all = items(3_000, 2_000);
    const sends = splitIntoSends(all, {
      maxMessages: 10_000,
      maxBytes: 900_000,
    });
    expect(sends.length).toBeGreaterThan(6);
    for (const send of sends)
      expect(
        send.reduce((sum, i) => sum + estimateBytes(i.message), 0),
      ).toBeLessThanOrEqual(900_000);
    expect(sends.flat()).toEqual(all);
  });
});
