import { loadConfig } from '@video-streaming/platform';
import { z } from 'zod';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const seconds = (fallback: number) =>
  z.coerce.number().int().positive().default(fallback);

export const configSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'test', 'production'])
      .default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3010),
    AUTH_DATABASE_URL: z
      .url()
      .default(
        'postgresql://postgres@127.0.0.1:5432/video_streaming?schema=auth',
      ),
    AUTH_ISSUER: z.string().min(1).default('video-streaming-auth'),
    AUTH_AUDIENCE: z.string().min(1).default('video-streaming'),
    ACCESS_TOKEN_TTL_SECONDS: seconds(900),
    REFRESH_TOKEN_TTL_SECONDS: seconds(30 * 24 * 3600),
    /** Tolerance the verifiers allow on exp/nbf; retired keys stay published TTL + this long. */
    AUTH_CLOCK_SKEW_SECONDS: seconds(60),
    AUTH_KEYS_DIR: z.string().min(1).optional(),
    AUTH_PRIVATE_KEY: z.string().min(1).optional(),
    AUTH_PRIVATE_KEY_FILE: z.string().min(1).optional(),
    /** How often the key directory is re-read, so a `rotate-keys` is picked up without a restart. */
    AUTH_KEYS_RELOAD_SECONDS: seconds(10),
    AUTH_DEV_TOKEN_ENDPOINT: flag.optional(),
    /** Requests per minute and client address on login, refresh and the token endpoints. */
    AUTH_RATE_LIMIT_PER_MINUTE: seconds(20),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    // Development keys are generated on the fly; in production they must be provided.
    if (
      !env.AUTH_KEYS_DIR &&
      !env.AUTH_PRIVATE_KEY &&
      !env.AUTH_PRIVATE_KEY_FILE
    )
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_KEYS_DIR'],
        message:
          'production needs signing keys: set AUTH_KEYS_DIR, AUTH_PRIVATE_KEY_FILE or AUTH_PRIVATE_KEY',
      });
  })
  .transform((env) => ({
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    databaseUrl: env.AUTH_DATABASE_URL,
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
    clockSkewSeconds: env.AUTH_CLOCK_SKEW_SECONDS,
    keys: {
      dir: env.AUTH_KEYS_DIR ?? '.stack/auth-keys',
      privateKeyPem: env.AUTH_PRIVATE_KEY,
      privateKeyFile: env.AUTH_PRIVATE_KEY_FILE,
      // Only development may create keys: production refuses to start on an empty directory.
      generateIfMissing: env.NODE_ENV !== 'production',
      reloadSeconds: env.AUTH_KEYS_RELOAD_SECONDS,
    },
    devTokenEndpoint:
      env.AUTH_DEV_TOKEN_ENDPOINT ?? env.NODE_ENV !== 'production',
    rateLimitPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
  }));

export type AuthConfig = z.infer<typeof configSchema>;
export const APP_CONFIG = Symbol('APP_CONFIG');

export const readConfig = (env: NodeJS.ProcessEnv = process.env): AuthConfig =>
  loadConfig(configSchema, env);
