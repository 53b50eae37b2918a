import { authEnvShape, refineAuthEnv } from '@video-streaming/auth';
import {
  loadConfig,
  refuseDevDefaultsInProduction,
} from '@video-streaming/core';
import { refineS3Env, s3EnvShape } from '@video-streaming/s3';
import { z } from 'zod';

/** Dev-only defaults: they match tools/stack and are refused in production. */
// A fixed string, not a per-process random key: replicas behind one gateway must accept each other's URLs.
export const DEV_PLAYBACK_URL_SECRET = 'dev-only-playback-url-secret-change-me';

const GIB = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;
/** The stack's PostgreSQL (tools/stack); refused in production, where it would be the wrong host. */
export const DEV_UPLOAD_LOCK_DATABASE_URL =
  'postgresql://postgres@127.0.0.1:5432/video_streaming';

export const configSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'test', 'production'])
      .default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3020),
    // A viewer waits on the first byte: a stalled S3 answers 503 after 5 s.
    ...s3EnvShape({ requestTimeoutMs: 5_000 }),
    S3_MAX_SOCKETS: z.coerce.number().int().min(1).max(4096).default(256),
    KAFKA_BROKERS: z
      .string()
      .min(1)
      .default('127.0.0.1:9092')
      .transform((s) =>
        s
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean),
      ),
    KAFKA_BUFFER_MAX_EVENTS: z.coerce.number().int().min(1).default(10_000),
    KAFKA_BATCH_MAX_EVENTS: z.coerce
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(500),
    KAFKA_BATCH_INTERVAL_MS: z.coerce.number().int().min(1).default(20),
    KAFKA_SHUTDOWN_FLUSH_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(0)
      .default(5000),
    ...authEnvShape,
    PLAYBACK_URL_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters')
      .default(DEV_PLAYBACK_URL_SECRET),
    PLAYBACK_URL_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(10)
      .max(86_400)
      .default(300),
    PLAYBACK_MODE: z.enum(['signed', 'presigned']).default('signed'),
    // edge: the gateway moves the bytes (X-Accel-Redirect, ADR 0021); proxy: they go through Node.
    DELIVERY_MODE: z.enum(['edge', 'proxy']).default('proxy'),
    // on: playback GETs/HEADs skip Nest's router and Express's middleware (interfaces/http/lean).
    LEAN_PLAYBACK: z.enum(['on', 'off']).default('on'),
    EDGE_LOCATION: z
      .string()
      .regex(/^\/[A-Za-z0-9_/-]+$/, 'must be an absolute nginx location path')
      .default('/__edge/object'),
    // on: ranges go through the gateway's slice cache (EDGE_CACHED_LOCATION, ADR 0022).
    EDGE_CACHE: z.enum(['on', 'off']).default('off'),
    EDGE_CACHED_LOCATION: z
      .string()
      .regex(/^\/[A-Za-z0-9_/-]+$/, 'must be an absolute nginx location path')
      .default('/__edge/cached'),
    EDGE_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
    // The gateway's JSON completion records; the shipper runs when it is set.
    EDGE_LOG_PATH: z.string().min(1).optional(),
    EDGE_LOG_POSITION_PATH: z.string().min(1).optional(),
    EDGE_LOG_POLL_MS: z.coerce.number().int().min(10).max(10_000).default(200),
    EDGE_LOG_BATCH_MAX_RECORDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(500),
    UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .default(2 * GIB),
    /** PostgreSQL whose advisory locks serialise the requests of one tus upload across replicas (ADR 0025). */
    UPLOAD_LOCK_DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
      .default(DEV_UPLOAD_LOCK_DATABASE_URL),
    UPLOAD_LOCK_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(120_000)
      .default(10_000),
    UPLOAD_LOCK_POOL_MAX: z.coerce.number().int().min(2).max(1000).default(32),
    /** An upload not finished this long after its creation expires (tus expiration extension). */
    UPLOAD_EXPIRY_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(30 * 86_400)
      .default(86_400),
    UPLOAD_CLEANUP_INTERVAL_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(900),
    /**
     * How long the server-side copy that turns a finished tus upload into its video may take
     * (S3_REQUEST_TIMEOUT_MS is for requests that answer quickly; a 2 GiB copy takes seconds to minutes).
     */
    UPLOAD_FINISH_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .max(3_600_000)
      .default(600_000),
    /** S3 part size of resumable uploads; S3 needs at least 5 MiB for every part but the last. */
    UPLOAD_PART_BYTES: z.coerce
      .number()
      .int()
      .min(5 * MIB)
      .max(5 * GIB)
      .default(8 * MIB),
    /** How often each replica republishes the video-uploaded events kept in the outbox (ADR 0030). */
    VIDEO_UPLOADED_OUTBOX_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(3_600_000)
      .default(30_000),
    PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
    METADATA_CACHE_TTL_MS: z.coerce.number().int().min(0).default(2000),
    READINESS_PROBE_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(2000),
    READINESS_PROBE_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(50)
      .max(60_000)
      .default(1500),
  })
  .superRefine((c, ctx) => {
    refineAuthEnv(c, ctx);
    refineS3Env(c, ctx);
    refuseDevDefaultsInProduction(c, ctx, {
      UPLOAD_LOCK_DATABASE_URL: DEV_UPLOAD_LOCK_DATABASE_URL,
      PLAYBACK_URL_SECRET: DEV_PLAYBACK_URL_SECRET,
    });
  });

export type StreamConfig = z.infer<typeof configSchema>;
export const APP_CONFIG = Symbol('APP_CONFIG');

export const readConfig = (
  env: NodeJS.ProcessEnv = process.env,
): StreamConfig => loadConfig(configSchema, env);
