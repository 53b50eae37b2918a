import { z } from 'zod';

export const VIDEO_ACCESSED_SCHEMA_VERSION = 1;

export const accessOutcomeSchema = z.enum(['completed', 'aborted', 'failed']);

/**
 * `video-accessed` v1. Additive, optional fields may be added to v1; anything else is a new
 * version, and the consumer keeps parsing every stored v1 fixture (see the compatibility spec).
 */
export const videoAccessedEventV1Schema = z.object({
  schemaVersion: z.literal(VIDEO_ACCESSED_SCHEMA_VERSION),
  eventId: z.uuid(),
  occurredAt: z.iso.datetime({ offset: true }),
  userId: z.string().min(1).max(256),
  videoKey: z.string().min(1).max(1024),
  request: z.object({
    method: z.enum(['GET', 'HEAD']),
    range: z.string().max(256).nullable(),
    status: z.number().int().min(100).max(599),
    bytesSent: z.number().int().nonnegative(),
    durationMs: z.number().nonnegative(),
    outcome: accessOutcomeSchema,
  }),
  client: z.object({
    userAgent: z.string().max(512).nullable(),
    /** Never the raw address: see anonymiseIp. */
    ipAnonymised: z.string().max(64).nullable(),
  }),
  trace: z.object({
    traceparent: z.string().max(55).nullable(),
    tracestate: z.string().max(512).nullable().optional(),
  }),
});

export type VideoAccessedEvent = z.infer<typeof videoAccessedEventV1Schema>;
export type AccessOutcome = z.infer<typeof accessOutcomeSchema>;
