import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import type { AuthOptions } from './auth.options';
import { authOptionsFromEnv, DEFAULT_JWKS_URL } from './auth-options.from-env';

/**
 * The token-verification variables of every service that checks tokens, to spread into the
 * service's zod object: `z.object({ ...authEnvShape, ... })`. One declaration, one set of
 * defaults (docs/configuration.md).
 */
export const authEnvShape = {
  AUTH_JWKS_URL: z.url().default(DEFAULT_JWKS_URL),
  AUTH_ISSUER: z.string().min(1).default('video-streaming-auth'),
  AUTH_AUDIENCE: z.string().min(1).default('video-streaming'),
  /** Static JSON Web Key Set (e.g. from `auth-cli export-jwks`); when set, AUTH_JWKS_URL is not fetched. */
  AUTH_JWKS: z.string().min(1).optional(),
};

export interface AuthEnv {
  AUTH_JWKS_URL: string;
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
  AUTH_JWKS?: string | undefined;
}

/**
 * The AuthModule options of a validated configuration; throws on a malformed AUTH_JWKS. `jwks`
 * (tests) replaces AUTH_JWKS / AUTH_JWKS_URL with static keys.
 */
export const authOptionsOf = (c: AuthEnv, jwks?: JSONWebKeySet): AuthOptions =>
  jwks
    ? { issuer: c.AUTH_ISSUER, audience: c.AUTH_AUDIENCE, jwks }
    : authOptionsFromEnv({
        AUTH_ISSUER: c.AUTH_ISSUER,
        AUTH_AUDIENCE: c.AUTH_AUDIENCE,
        AUTH_JWKS_URL: c.AUTH_JWKS_URL,
        AUTH_JWKS: c.AUTH_JWKS,
      });

/** For the service's superRefine: a malformed AUTH_JWKS is a configuration error at start-up. */
export function refineAuthEnv(c: AuthEnv, ctx: z.RefinementCtx): void {
  try {
    authOptionsOf(c);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_JWKS'],
      message: (error as Error).message,
    });
  }
}
