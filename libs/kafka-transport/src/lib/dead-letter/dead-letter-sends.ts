import type { Message } from 'kafkajs';
import type { DeadLetter } from '../kafka-message';

/**
 * Provenance of a dead letter, so it can be traced back to (and replayed from) its source. The
 * same names as libs/contracts' DLQ_HEADERS (a spec holds them equal): the library stays buildable
 * on its own.
 */
export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  sourceTopic: 'x-dlq-source-topic',
  sourcePartition: 'x-dlq-source-partition',
  sourceOffset: 'x-dlq-source-offset',
} as const;

/** Added to a letter whose value (or original headers) had to be cut to fit the broker's limit. */
export const DLQ_TRUNCATION_HEADERS = {
  truncated: 'x-dlq-truncated',
  originalSize: 'x-dlq-original-size',
} as const;

export interface SendLimits {
  /** Messages in one send() (one produce request). */
  maxMessages: number;
  /** Estimated bytes of one send(); below the broker's message.max.bytes. */
  maxBytes: number;
}

/** Header values are bounded: a reason quoting a huge payload must not make the letter too big. */
const MAX_REASON_LENGTH = 1_000;
/** Record framing (length, attributes, deltas, varints) overestimated: a record v2 needs at most ~36. */
const RECORD_OVERHEAD = 64;
const HEADER_OVERHEAD = 16;

type HeaderValue = Buffer | string | (Buffer | string)[];
type Headers = Record<string, HeaderValue>;

export interface LetterMessage {
  message: Message & { headers: Headers };
  truncated: boolean;
}

/** The Kafka message for a letter, cut to `maxBytes` if it is bigger (a letter is never refused). */
export function toLetterMessage(
  letter: DeadLetter,
  maxBytes: number,
): LetterMessage {
  const dlqHeaders: Headers = {
    [DLQ_HEADERS.reason]: letter.reason.slice(0, MAX_REASON_LENGTH),
    [DLQ_HEADERS.sourceTopic]: letter.source.topic,
    [DLQ_HEADERS.sourcePartition]: String(letter.source.partition),
    [DLQ_HEADERS.sourceOffset]: letter.source.offset,
  };
  const message = {
    key: letter.key,
    value: letter.value,
    headers: { ...definedHeaders(letter.headers), ...dlqHeaders },
  };
  if (estimateBytes(message) <= maxBytes) return { message, truncated: false };
  return { message: truncate(message, dlqHeaders, maxBytes), truncated: true };
}

/**
 * Keeps the DLQ headers, then the original headers and key if they fit, then as much of the value
 * as fits: enough to see what the producer sent, and the original size to know what is missing.
 */
function truncate(
  original: LetterMessage['message'],
  dlqHeaders: Headers,
  maxBytes: number,
): LetterMessage['message'] {
  const originalSize = byteLength(original.value ?? null);
  const marker: Headers = {
    [DLQ_TRUNCATION_HEADERS.truncated]: 'true',
    [DLQ_TRUNCATION_HEADERS.originalSize]: String(originalSize),
  };
  let kept = {
    ...original,
    value: null,
    headers: { ...original.headers, ...marker },
  };
  if (estimateBytes(kept) > maxBytes)
    kept = { key: null, value: null, headers: { ...dlqHeaders, ...marker } };
  const room = Math.max(0, maxBytes - estimateBytes(kept));
  const value = original.value
    ? toBuffer(original.value).subarray(0, room)
    : null;
  return { ...kept, value };
}

/** Splits messages into sends that each stay within both limits (a send holds at least one). */
export function splitIntoSends<T extends { message: Message }>(
  items: readonly T[],
  limits: SendLimits,
): T[][] {
  const sends: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = estimateBytes(item.message);
    if (
      current.length > 0 &&
      (current.length >= limits.maxMessages || bytes + size > limits.maxBytes)
    ) {
      sends.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) sends.push(current);
  return sends;
}

/** An upper bound of the message's size inside a record batch. */
export function estimateBytes(message: Message): number {
  let size =
    RECORD_OVERHEAD + byteLength(message.key) + byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values)
      size += HEADER_OVERHEAD + Buffer.byteLength(name) + byteLength(v);
  }
  return size;
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

function toBuffer(value: Buffer | string): Buffer {
  return typeof value === 'string' ? Buffer.from(value) : value;
}

function definedHeaders(headers: DeadLetter['headers']): Headers {
  return Object.fromEntries(
    Object.entries(headers).filter(
      (e): e is [string, HeaderValue] => e[1] !== undefined,
    ),
  );
}
