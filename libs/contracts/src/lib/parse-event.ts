import {
  videoAccessedEventV1Schema,
  type VideoAccessedEvent,
} from './video-accessed.event';

export type ParseResult =
  | { ok: true; event: VideoAccessedEvent }
  | { ok: false; reason: string };

/** Decodes a Kafka message value; never throws, so one bad message cannot stop a consumer. */
export function parseVideoAccessedEvent(
  value: Buffer | string | null,
): ParseResult {
  if (value === null || value.length === 0)
    return { ok: false, reason: 'empty message value' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString());
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
  const parsed = videoAccessedEventV1Schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    return { ok: false, reason: `schema violation: ${issues.join('; ')}` };
  }
  return { ok: true, event: parsed.data };
}
