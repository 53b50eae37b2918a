import { kafkaEnvShape } from '@video-streaming/kafka-transport';
import { loadConfig } from '@video-streaming/platform';
import { authEnvShape, refineAuthEnv } from '@video-streaming/auth';
import {
  CONSUMER_GROUP_ID,
  VIDEO_ACCESSED_DLQ_TOPIC,
  VIDEO_ACCESSED_TOPIC,
} from '@video-streaming/contracts';
import { z } from 'zod';
import type { AnalyticsRules } from './domain/analytics/analytics-rules';

const DEV_DATABASE_URL =
  'postgresql://postgres@127.0.0.1:5432/video_streaming?schema=access_log';

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const configSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'test', 'production'])
      .default('development'),
    PORT: int(1, 65535, 3030),
    ...kafkaEnvShape('access-log-consumer'),
    CONSUMER_GROUP_ID: z.string().min(1).default(CONSUMER_GROUP_ID),
    /** The topics are fixed in production; tests point a consumer at private ones. */
    ACCESS_LOG_TOPIC: z.string().min(1).default(VIDEO_ACCESSED_TOPIC),
    ACCESS_LOG_DLQ_TOPIC: z.string().min(1).default(VIDEO_ACCESSED_DLQ_TOPIC),
    ACCESS_LOG_DATABASE_URL: z
      .string()
      .default(DEV_DATABASE_URL)
      .refine(
        (v) => /^postgres(ql)?:\/\//.test(v),
        'expected a postgresql:// URL',
      ),
    DATABASE_POOL_SIZE: int(1, 100, 10),
    /**
     * unnest: one INSERT of array parameters per table, on the pg pool, in one transaction with
     * the sessions and rollups (ADR 0024). Prisma's createMany cannot share that transaction.
     */
    ACCESS_LOG_INSERT_STRATEGY: z.enum(['unnest']).default('unnest'),
    /** Accesses of a viewer to a video further apart than this start a new playback session. */
    ANALYTICS_SESSION_GAP_MINUTES: int(1, 24 * 60, 30),
    /** A session is a view once its watch time reaches this many seconds... */
    ANALYTICS_VIEW_MIN_SECONDS: int(0, 86_400, 10),
    /** ...or once it was served this many bytes. */
    ANALYTICS_VIEW_MIN_BYTES: int(0, Number.MAX_SAFE_INTEGER, 2 * 1024 * 1024),
    /**
     * Raw access rows older than this many days are dropped, a whole month partition at a time;
     * sessions and rollups stay. 0 keeps them forever. See ADR 0023 for why at least 8.
     */
    ACCESS_LOG_RETENTION_DAYS: int(0, 36_500, 0),
    /** How often partitions are created ahead and expired ones dropped. */
    ACCESS_LOG_MAINTENANCE_MINUTES: int(1, 24 * 60, 60),
    ...authEnvShape,
    /** Partitions processed in parallel; more than the topic's partitions buys nothing. */
    CONSUMER_PARTITIONS_CONCURRENCY: int(1, 64, 3),
    /** Upper bound of one fetch per partition, which is what bounds a batch (bytes). */
    CONSUMER_MAX_BYTES_PER_PARTITION: int(
      1024,
      64 * 1024 * 1024,
      2 * 1024 * 1024,
    ),
    CONSUMER_MAX_BYTES: int(1024, 256 * 1024 * 1024, 10 * 1024 * 1024),
    CONSUMER_MIN_BYTES: int(1, 64 * 1024 * 1024, 1),
    CONSUMER_MAX_WAIT_MS: int(0, 60_000, 100),
    CONSUMER_SESSION_TIMEOUT_MS: int(6_000, 300_000, 30_000),
    CONSUMER_HEARTBEAT_INTERVAL_MS: int(100, 60_000, 3_000),
    /** Retry of a batch that could not be stored (PostgreSQL or the DLQ down): exponential backoff. */
    STORE_RETRY_INITIAL_MS: int(10, 60_000, 200),
    STORE_RETRY_MAX_MS: int(100, 300_000, 5_000),
    /**
     * kafkajs sends one produce request per send(), one record batch per partition; the broker
     * rejects a batch above message.max.bytes (default 1,048,588). Dead letters go in sends of at
     * most this many messages and estimated bytes; a single bigger letter is truncated to fit.
     */
    DLQ_MAX_SEND_MESSAGES: int(1, 100_000, 500),
    DLQ_MAX_SEND_BYTES: int(4_096, 100 * 1024 * 1024, 900_000),
    /** Longest graceful shutdown; below Kubernetes' terminationGracePeriodSeconds (30 s). */
    SHUTDOWN_TIMEOUT_MS: int(1_000, 600_000, 25_000),
    /** A partition with lag whose committed offset has not moved for this long is stalled. */
    ACCESS_LOG_STALL_SECONDS: int(10, 86_400, 120),
    /** How often the lag (high watermark - committed offset) is read from the brokers. */
    ACCESS_LOG_LAG_REFRESH_SECONDS: int(1, 300, 10),
  })
  .superRefine((c, ctx) => {
    if (
      c.NODE_ENV === 'production' &&
      c.ACCESS_LOG_DATABASE_URL === DEV_DATABASE_URL
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['ACCESS_LOG_DATABASE_URL'],
        message: 'set it explicitly in production',
      });
    }
    refineAuthEnv(c, ctx);
    if (c.ACCESS_LOG_RETENTION_DAYS > 0 && c.ACCESS_LOG_RETENTION_DAYS < 8) {
      ctx.addIssue({
        code: 'custom',
        path: ['ACCESS_LOG_RETENTION_DAYS'],
        message:
          "0 (keep) or at least 8: longer than the topic's 7-day retention, so no redelivered event lands in a dropped month",
      });
    }
    if (c.STORE_RETRY_MAX_MS < c.STORE_RETRY_INITIAL_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['STORE_RETRY_MAX_MS'],
        message: 'must be >= STORE_RETRY_INITIAL_MS',
      });
    }
  });

export type AppConfig = z.infer<typeof configSchema>;

export function analyticsRules(c: AppConfig): AnalyticsRules {
  return {
    inactivityMs: c.ANALYTICS_SESSION_GAP_MINUTES * 60_000,
    viewMinWatchMs: c.ANALYTICS_VIEW_MIN_SECONDS * 1000,
    viewMinBytes: c.ANALYTICS_VIEW_MIN_BYTES,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export const readConfig = (env: NodeJS.ProcessEnv = process.env): AppConfig =>
  loadConfig(configSchema, env);
