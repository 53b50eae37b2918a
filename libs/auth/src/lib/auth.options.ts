import type { JSONWebKeySet } from 'jose';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export interface AuthOptions {
  issuer: string;
  audience: string;
  /** Where auth-service publishes its public keys; fetched once, cached, refetched on an unknown kid. */
  jwksUrl?: string;
  /** Static public keys, for deployments that prefer configuration over fetching. */
  jwks?: JSONWebKeySet;
  /**
   * Minimum seconds between two JWKS fetches triggered by unknown kids (default 30): a flood of
   * forged kids cannot turn into a flood of requests to auth-service.
   */
  jwksCooldownSeconds?: number;
  /** Seconds the fetched JWKS is trusted before the next token triggers a refetch (default 600). */
  jwksCacheMaxAgeSeconds?: number;
  /**
   * How many verified tokens to remember until they expire (default 10000; 0 turns it off): the
   * repeated requests of one client then cost a map lookup instead of an ECDSA verification.
   */
  verifiedTokenCacheSize?: number;
  /** Seconds of clock skew tolerated on exp and nbf. */
  clockToleranceSeconds?: number;
}

/** Only asymmetric ES256 is accepted: this pin is what defeats alg=none and HS256-with-public-key. */
export const ACCEPTED_ALGORITHMS = ['ES256'];
