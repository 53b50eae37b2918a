import { z } from 'zod';
import {
  lifecycleEnvelope,
  objectKeySchema,
  text,
  traceContextSchema,
} from './event-fields';

export const VIDEO_READY_SCHEMA_VERSION = 1;

/** One rung of the HLS ladder, as the master playlist announces it. */
export const renditionSchema = z.object({
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  /** Peak bits per second (the master playlist's BANDWIDTH). */
  bandwidth: z.number().int().positive(),
  /** RFC 6381 codecs string, e.g. `avc1.64001f,mp4a.40.2`. */
  codecs: text(255).min(1),
  /** Object key of the rendition's media playlist in the videos bucket. */
  playlistKey: objectKeySchema,
});

/**
 * `video-ready` v1: the transcode-worker published playable HLS for a video. It is sent twice per
 * source: `ladder: 'early'` once the first rendition is playable, `ladder: 'final'` once every
 * rung is. Additive, optional fields may be added to v1; anything else is a new version.
 */
export const videoReadyEventV1Schema = z.object({
  ...lifecycleEnvelope(VIDEO_READY_SCHEMA_VERSION),
  durationSeconds: z.number().nonnegative(),
  renditions: z.array(renditionSchema).min(1),
  masterPlaylistKey: objectKeySchema,
  posterKey: objectKeySchema.nullable(),
  ladder: z.enum(['early', 'final']),
  /** The `video-uploaded` event this answers, when known. */
  sourceEventId: z.uuid().optional(),
  trace: traceContextSchema.optional(),
});

export type VideoReadyEvent = z.infer<typeof videoReadyEventV1Schema>;
export type Rendition = z.infer<typeof renditionSchema>;
