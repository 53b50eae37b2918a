import { z } from 'zod';
import { videoFailedEventV1Schema } from './video-failed.event';
import { videoReadyEventV1Schema } from './video-ready.event';
import { videoUploadedEventV1Schema } from './video-uploaded.event';

/**
 * The JSON Schemas of the video lifecycle events, committed under libs/contracts/schemas like
 * video-accessed's: generated for the parser's input, so optional fields added to v1 later stay
 * valid for a validator built from an older copy (ADR 0016).
 */
export const LIFECYCLE_JSON_SCHEMAS = {
  'video-uploaded.v1.schema.json': () =>
    toJsonSchema('video-uploaded', videoUploadedEventV1Schema),
  'video-ready.v1.schema.json': () =>
    toJsonSchema('video-ready', videoReadyEventV1Schema),
  'video-failed.v1.schema.json': () =>
    toJsonSchema('video-failed', videoFailedEventV1Schema),
} as const;

export const videoUploadedJsonSchema =
  LIFECYCLE_JSON_SCHEMAS['video-uploaded.v1.schema.json'];
export const videoReadyJsonSchema =
  LIFECYCLE_JSON_SCHEMAS['video-ready.v1.schema.json'];
export const videoFailedJsonSchema =
  LIFECYCLE_JSON_SCHEMAS['video-failed.v1.schema.json'];

function toJsonSchema(
  topic: string,
  schema: z.ZodType,
): Record<string, unknown> {
  return {
    $id: `https://video-streaming.local/schemas/${topic}.v1.schema.json`,
    title: `${topic} v1`,
    ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }),
  };
}
