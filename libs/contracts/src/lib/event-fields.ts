import { z } from 'zod';

/**
 * Field types every event of this project shares. PostgreSQL text cannot hold NUL: an event
 * carrying one could never be stored by a consumer, only dead-lettered.
 */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

/** ISO 8601 with offset; PostgreSQL timestamps end at year 9999 and logs start at the epoch. */
export const occurredAtSchema = z.iso.datetime({ offset: true }).refine((t) => {
  const ms = Date.parse(t);
  return ms >= 0 && ms < Date.UTC(10000, 0, 1);
}, 'must be between 1970 and 9999');

/** W3C trace context of the request that caused the event. */
export const traceContextSchema = z.object({
  traceparent: text(55).nullable(),
  tracestate: text(512).nullable().optional(),
});

/** A video's key as stream-service accepts it (the full rules live there: video-key.ts). */
export const videoKeySchema = text(1024).min(1);

/** An object key in the videos bucket. */
export const objectKeySchema = text(1024).min(1);

/**
 * The first fields of every video lifecycle event (video-uploaded, video-ready, video-failed):
 * its version, its idempotency key, when it happened and which video it is about.
 */
export const lifecycleEnvelope = <V extends number>(schemaVersion: V) => ({
  schemaVersion: z.literal(schemaVersion),
  eventId: z.uuid(),
  occurredAt: occurredAtSchema,
  videoKey: videoKeySchema,
});

export type TraceContext = z.infer<typeof traceContextSchema>;
