import { z } from 'zod';
import { lifecycleEnvelope, text, traceContextSchema } from './event-fields';

export const VIDEO_FAILED_SCHEMA_VERSION = 1;

/** Why a video could not be made playable: a stable code and a message for a person. */
export const videoFailureReasonSchema = z.object({
  /** UPPER_SNAKE_CASE, stable across releases (e.g. `NOT_A_VIDEO`, `PROBE_FAILED`, `TRANSCODE_FAILED`). */
  code: text(64).regex(/^[A-Z][A-Z0-9_]*$/, 'must be an UPPER_SNAKE_CASE code'),
  message: text(2048),
});

/**
 * `video-failed` v1: the transcode-worker gave up on a source. Additive, optional fields may be
 * added to v1; anything else is a new version.
 */
export const videoFailedEventV1Schema = z.object({
  ...lifecycleEnvelope(VIDEO_FAILED_SCHEMA_VERSION),
  reason: videoFailureReasonSchema,
  /** The `video-uploaded` event this answers, when known. */
  sourceEventId: z.uuid().optional(),
  trace: traceContextSchema.optional(),
});

export type VideoFailedEvent = z.infer<typeof videoFailedEventV1Schema>;
export type VideoFailureReason = z.infer<typeof videoFailureReasonSchema>;
