import { tmpdir } from 'node:os';
import {
  TRANSCODER_GROUP_ID,
  VIDEO_FAILED_TOPIC,
  VIDEO_READY_TOPIC,
  VIDEO_UPLOADED_TOPIC,
} from '@video-streaming/contracts';
import { kafkaEnvShape } from '@video-streaming/kafka-transport';
import { loadConfig } from '@video-streaming/core';
import { refineS3Env, s3EnvShape } from '@video-streaming/s3';
import { z } from 'zod';

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** x264 presets, fastest first; the ladder's speed/quality trade-off (see BENCHMARKS.md). */
export const X264_PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
] as const;

export const configSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'test', 'production'])
      .default('development'),
    PORT: int(1, 65535, 3040),
    ...kafkaEnvShape('transcode-worker'),
    TRANSCODER_GROUP_ID: z.string().min(1).default(TRANSCODER_GROUP_ID),
    /** The topics are fixed in production; tests point a worker at private ones. */
    VIDEO_UPLOADED_TOPIC: z.string().min(1).default(VIDEO_UPLOADED_TOPIC),
    VIDEO_READY_TOPIC: z.string().min(1).default(VIDEO_READY_TOPIC),
    VIDEO_FAILED_TOPIC: z.string().min(1).default(VIDEO_FAILED_TOPIC),
    /** One S3 request: a segment upload, the source download's first byte. */
    ...s3EnvShape({ requestTimeoutMs: 30_000 }),
    /** Where renditions are written: `<prefix><key>/...` (docs/architecture.md, S3 layout). */
    HLS_PREFIX: z
      .string()
      .regex(/^[\w.-]+\/$/, 'a folder name ending in /')
      .default('hls/'),
    FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
    FFPROBE_PATH: z.string().min(1).default('ffprobe'),
    /** Jobs run at the same time in this process; each ffmpeg uses every core it gets. */
    TRANSCODE_CONCURRENCY: int(1, 16, 1),
    TRANSCODE_PRESET: z.enum(X264_PRESETS).default('veryfast'),
    /** The tallest rung; a taller source is scaled down to it, a shorter one is never scaled up. */
    TRANSCODE_MAX_HEIGHT: int(144, 2160, 1080),
    TRANSCODE_SEGMENT_SECONDS: int(1, 30, 4),
    /** Sources longer than this are refused as failed (a guard against runaway jobs). */
    TRANSCODE_MAX_DURATION_SECONDS: int(1, 86_400, 4 * 3600),
    /** Scratch space for the source copy and the renditions of running jobs. */
    TRANSCODE_WORK_DIR: z.string().min(1).default(tmpdir()),
    /** ffprobe of a broken file can hang on some inputs; past this it counts as unreadable. */
    PROBE_TIMEOUT_MS: int(1_000, 600_000, 30_000),
    /** Longest graceful shutdown; below Kubernetes' terminationGracePeriodSeconds (30 s). */
    SHUTDOWN_TIMEOUT_MS: int(1_000, 600_000, 25_000),
  })
  .superRefine(refineS3Env);

export type WorkerConfig = z.infer<typeof configSchema>;
export const APP_CONFIG = Symbol('APP_CONFIG');

export const readConfig = (
  env: NodeJS.ProcessEnv = process.env,
): WorkerConfig => loadConfig(configSchema, env);
