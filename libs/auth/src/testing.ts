import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from 'jose';
import { randomUUID } from 'node:crypto';

export const TEST_ISSUER = 'video-streaming-auth';
export const TEST_AUDIENCE = 'video-streaming';

/** A throwaway ES256 signing key and its JWKS, for tests of services that verify tokens. */
export async function aTestSigner(kid = 'test-key') {
  const { privateKey, publicKey } = await generateKeyPair('ES256', {
    extractable: true,
  });
  const jwks: JSONWebKeySet = {
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }],
  };
  const sign = (
    claims: {
      sub?: string;
      scope?: string;
      expiresIn?: string;
      iss?: string;
      aud?: string;
    } = {},
  ) =>
    new SignJWT({ scope: claims.scope ?? 'video:read' })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject(claims.sub ?? 'user-123')
      .setIssuer(claims.iss ?? TEST_ISSUER)
      .setAudience(claims.aud ?? TEST_AUDIENCE)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(claims.expiresIn ?? '5m')
      .sign(privateKey);
  return { jwks, sign, privateKey, publicKey };
}
