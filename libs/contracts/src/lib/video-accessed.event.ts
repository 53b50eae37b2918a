import { z } from 'zod';

export const VIDEO_ACCESSED_SCHEMA_VERSION = 1;

/** PostgreSQL text cannot hold NUL: an event carrying one could never be stored, only dead-lettered. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

export const accessOutcomeSchema = z.enum(['completed', 'aborted', 'failed']);

/**
 * Why a request was refused: the `code` of the JSON error the client got (`INVALID_VIDEO_KEY`,
 * `VIDEO_NOT_FOUND`, ...) or, for refusals without one, the status's name (`UNAUTHENTICATED`,
 * `FORBIDDEN`). Added to v1 as an optional field (ADR 0016).
 */
export const refusalSchema = z.object({
  reason: text(64).regex(
    /^[A-Z][A-Z0-9_]*$/,
    'must be an UPPER_SNAKE_CASE code',
  ),
  /**
   * The `filename` as requested when it was not a valid key (videoKey is then
   * INVALID_VIDEO_KEY_PLACEHOLDER), escaped by escapeRequestedName: printable ASCII only, at most
   * MAX_REQUESTED_NAME_CHARS. Null when no filename was sent; absent when videoKey is the name.
   */
  requestedName: text(1024).nullable().optional(),
  requestedNameTruncated: z.boolean().optional(),
});

/**
 * `video-accessed` v1. Additive, optional fields may be added to v1; anything else is a new
 * version, and the consumer keeps parsing every stored v1 fixture (see the compatibility spec).
 */
export const videoAccessedEventV1Schema = z.object({
  schemaVersion: z.literal(VIDEO_ACCESSED_SCHEMA_VERSION),
  eventId: z.uuid(),
  // PostgreSQL timestamps end at year 9999 and the log starts at the epoch.
  occurredAt: z.iso.datetime({ offset: true }).refine((t) => {
    const ms = Date.parse(t);
    return ms >= 0 && ms < Date.UTC(10000, 0, 1);
  }, 'must be between 1970 and 9999'),
  userId: text(256).min(1),
  videoKey: text(1024).min(1),
  request: z.object({
    method: z.enum(['GET', 'HEAD']),
    range: text(256).nullable(),
    status: z.number().int().min(100).max(599),
    bytesSent: z.number().int().nonnegative(),
    durationMs: z.number().nonnegative(),
    outcome: accessOutcomeSchema,
  }),
  client: z.object({
    userAgent: text(512).nullable(),
    /** Never the raw address: see anonymiseIp. */
    ipAnonymised: text(64).nullable(),
  }),
  trace: z.object({
    traceparent: text(55).nullable(),
    tracestate: text(512).nullable().optional(),
  }),
  /** Present on refused requests (4xx other than 304) from producers that know it. */
  refusal: refusalSchema.optional(),
  /**
   * The playback session this access belongs to: the id issued with the playback URL, shared by
   * every range request made with it. Optional (added to v1, ADR 0024): without it the consumer
   * groups a viewer's accesses to one video by their inactivity gaps.
   */
  sessionId: text(128)
    .min(1)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
});

export type VideoAccessedEvent = z.infer<typeof videoAccessedEventV1Schema>;
export type AccessOutcome = z.infer<typeof accessOutcomeSchema>;
export type Refusal = z.infer<typeof refusalSchema>;
