import { refuseDevDefaultsInProduction } from '@video-streaming/core';
import { z } from 'zod';

/** Dev-only defaults: they match tools/stack and are refused in production. */
export const DEV_S3_ACCESS_KEY_ID = 'local-dev-access-key';
export const DEV_S3_SECRET_ACCESS_KEY = 'local-dev-secret-key';

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * The S3 variables of every service that reads or writes the videos bucket, to spread into the
 * service's zod object: `z.object({ ...s3EnvShape({ requestTimeoutMs: 5_000 }), ... })`. One
 * declaration, one set of defaults (docs/configuration.md); only how long one request may take
 * differs between a service answering viewers and a worker moving whole files.
 */
export const s3EnvShape = (defaults: { requestTimeoutMs: number }) => ({
  S3_ENDPOINT: z.url().default('http://127.0.0.1:4566'),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).default(DEV_S3_ACCESS_KEY_ID),
  S3_SECRET_ACCESS_KEY: z.string().min(1).default(DEV_S3_SECRET_ACCESS_KEY),
  S3_BUCKET: z.string().min(3).max(63).default('videos'),
  S3_CONNECT_TIMEOUT_MS: int(50, 60_000, 1_000),
  /** Bounds one S3 request until its response headers (not the body that follows). */
  S3_REQUEST_TIMEOUT_MS: int(100, 600_000, defaults.requestTimeoutMs),
});

export interface S3Env {
  S3_ENDPOINT: string;
  S3_REGION: string;
  S3_ACCESS_KEY_ID: string;
  S3_SECRET_ACCESS_KEY: string;
  S3_BUCKET: string;
  S3_CONNECT_TIMEOUT_MS: number;
  S3_REQUEST_TIMEOUT_MS: number;
}

/** For the service's superRefine: the development keys are refused in production. */
export function refineS3Env(
  c: S3Env & { NODE_ENV?: string },
  ctx: z.RefinementCtx,
): void {
  refuseDevDefaultsInProduction(c, ctx, {
    S3_ACCESS_KEY_ID: DEV_S3_ACCESS_KEY_ID,
    S3_SECRET_ACCESS_KEY: DEV_S3_SECRET_ACCESS_KEY,
  });
}
