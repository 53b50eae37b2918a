import { createPublicKey, type KeyObject } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';

/** The public half of a signing key as a JWKS entry, pinned to ES256 for verifiers. */
export async function publicJwk(
  kid: string,
  privateKey: KeyObject,
): Promise<JWK> {
  const { kty, crv, x, y } = await exportJWK(createPublicKey(privateKey));
  return { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' };
}
