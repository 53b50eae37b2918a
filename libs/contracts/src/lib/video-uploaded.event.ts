import { z } from 'zod';
import {
  lifecycleEnvelope,
  objectKeySchema,
  text,
  traceContextSchema,
} from './event-fields';

export const VIDEO_UPLOADED_SCHEMA_VERSION = 1;

/**
 * `video-uploaded` v1: stream-service stored a complete source object (single-request POST or a
 * finished tus upload). The transcode-worker consumes it; `eventId` is its idempotency key, and
 * (videoKey, source.etag) says which version of the source a transcode belongs to.
 * Additive, optional fields may be added to v1; anything else is a new version.
 */
export const videoUploadedEventV1Schema = z.object({
  ...lifecycleEnvelope(VIDEO_UPLOADED_SCHEMA_VERSION),
  source: z.object({
    bucket: text(255).min(1),
    key: objectKeySchema,
    /** The object's ETag as S3 answered it, when known: a newer upload of the same key has another. */
    etag: text(256).nullable().optional(),
  }),
  sizeBytes: z.number().int().nonnegative(),
  contentType: text(255).min(1),
  /** The userId (JWT `sub`) of the uploader, who owns the video. */
  uploadedBy: text(256).min(1),
  /** How the bytes arrived: one POST, or a tus resumable upload. */
  uploadProtocol: z.enum(['single-request', 'tus']),
  trace: traceContextSchema,
});

export type VideoUploadedEvent = z.infer<typeof videoUploadedEventV1Schema>;
