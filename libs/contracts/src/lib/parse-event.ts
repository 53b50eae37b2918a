import type { z } from 'zod';
import {
  videoAccessedEventV1Schema,
  type VideoAccessedEvent,
} from './video-accessed.event';

export type EventParseResult<T> =
  | { ok: true; event: T }
  | { ok: false; reason: string };

/**
 * Decodes a Kafka message value with a schema; never throws, so one bad message cannot stop a
 * consumer, and the reason names every invalid field. Producers run the same parser on what they
 * send.
 */
export function parseEventWith<S extends z.ZodType>(
  schema: S,
  value: Buffer | string | null,
): EventParseResult<z.infer<S>> {
  if (value === null || value.length === 0)
    return { ok: false, reason: 'empty message value' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString());
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    return { ok: false, reason: `schema violation: ${issues.join('; ')}` };
  }
  return { ok: true, event: parsed.data };
}

export type ParseResult = EventParseResult<VideoAccessedEvent>;

export const parseVideoAccessedEvent = (
  value: Buffer | string | null,
): ParseResult => parseEventWith(videoAccessedEventV1Schema, value);
