import type { JSONWebKeySet } from 'jose';
import type { AuthOptions } from './auth.options';

export const DEFAULT_JWKS_URL =
  'http://127.0.0.1:3010/v1/api/auth/.well-known/jwks.json';

/**
 * AuthOptions from the variables every verifying service shares: AUTH_ISSUER, AUTH_AUDIENCE, and
 * either AUTH_JWKS (a static JSON Web Key Set, e.g. from `auth-cli export-jwks`, for deployments
 * that prefer configuration over fetching) or AUTH_JWKS_URL. Throws on a malformed AUTH_JWKS.
 */
export function authOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): AuthOptions {
  const common = {
    issuer: env['AUTH_ISSUER'] || 'video-streaming-auth',
    audience: env['AUTH_AUDIENCE'] || 'video-streaming',
  };
  const staticJwks = env['AUTH_JWKS'];
  if (staticJwks) return { ...common, jwks: parseJwks(staticJwks) };
  return { ...common, jwksUrl: env['AUTH_JWKS_URL'] || DEFAULT_JWKS_URL };
}

function parseJwks(json: string): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('AUTH_JWKS is not valid JSON');
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (
    !Array.isArray(keys) ||
    keys.length === 0 ||
    !keys.every((k) => typeof k === 'object' && k !== null && 'kty' in k)
  )
    throw new Error(
      'AUTH_JWKS must be a JSON Web Key Set: {"keys":[{"kty":...}]}',
    );
  return parsed as JSONWebKeySet;
}
