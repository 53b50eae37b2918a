import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe: refresh tokens and client secrets. */
export const newOpaqueSecret = (): string =>
  randomBytes(32).toString('base64url');

/** sha256 is enough for secrets of this entropy: nobody brute-forces 2^256 candidates. */
export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret).digest('hex');

export function secretMatches(secret: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
