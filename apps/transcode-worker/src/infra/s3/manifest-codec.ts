import { z } from 'zod';
import type { FailureRecord, ReadyManifest } from '../../domain/video-manifest';

const rendition = z.object({
  name: z.string(),
  width: z.number(),
  height: z.number(),
  bandwidth: z.number(),
  codecs: z.string(),
  playlistKey: z.string(),
});

const manifestSchema = z.object({
  schemaVersion: z.literal(1),
  videoKey: z.string(),
  state: z.literal('ready'),
  ladder: z.enum(['early', 'final']),
  sourceEtag: z.string(),
  durationSeconds: z.number(),
  width: z.number(),
  height: z.number(),
  renditions: z.array(rendition),
  masterPlaylistKey: z.string(),
  posterKey: z.string().nullable(),
  updatedAt: z.string(),
});

const failureSchema = z.object({
  schemaVersion: z.literal(1),
  videoKey: z.string(),
  state: z.literal('failed'),
  sourceEtag: z.string(),
  reason: z.object({ code: z.string(), message: z.string() }),
  updatedAt: z.string(),
});

/**
 * Records this worker can trust for idempotency; anything else (another version, a damaged
 * object) counts as absent, so the video is simply transcoded again.
 */
export function parseManifest(text: string): ReadyManifest | null {
  return parseWith(manifestSchema, text);
}

export function parseFailure(text: string): FailureRecord | null {
  return parseWith(failureSchema, text);
}

function parseWith<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
