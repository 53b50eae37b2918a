import { SignJWT, UnsecuredJWT, exportSPKI } from 'jose';
import { createHmac } from 'node:crypto';
import { aTestSigner, TEST_AUDIENCE, TEST_ISSUER } from '../testing';
import { InvalidTokenError, JwtVerifier } from './jwt-verifier';

describe('JwtVerifier', () => {
  let signer: Awaited<ReturnType<typeof aTestSigner>>;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    signer = await aTestSigner('k1');
    verifier = new JwtVerifier({
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      jwks: signer.jwks,
      clockToleranceSeconds: 5,
    });
  });

  it('accepts a token signed by a published key and returns the caller and scopes', async () => {
    const token = await signer.sign({
      sub: '123',
      scope: 'video:read logs:read',
    });
    await expect(verifier.verify(token)).resolves.toMatchObject({
      userId: '123',
      scopes: ['video:read', 'logs:read'],
    });
  });

  const hostile: Record<string, () => Promise<string>> = {
    'alg none': async () =>
      new UnsecuredJWT({ scope: 'video:read' })
        .setSubject('1')
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .encode(),
    'HS256 signed with the public key': async () => {
      const pem = await exportSPKI(signer.publicKey);
      const header = Buffer.from(
        JSON.stringify({ alg: 'HS256', kid: 'k1' }),
      ).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const payload = Buffer.from(
        JSON.stringify({
          sub: '1',
          iss: TEST_ISSUER,
          aud: TEST_AUDIENCE,
          iat: now,
          exp: now + 300,
        }),
      ).toString('base64url');
      const sig = createHmac('sha256', pem)
        .update(`${header}.${payload}`)
        .digest('base64url');
      return `${header}.${payload}.${sig}`;
    },
    'tampered payload': async () => {
      const [h, , s] = (await signer.sign({ scope: 'video:read' })).split('.');
      const forged = Buffer.from(
        JSON.stringify({
          sub: 'admin',
          scope: 'video:write logs:read',
          iss: TEST_ISSUER,
          aud: TEST_AUDIENCE,
          exp: 9999999999,
          iat: 1,
        }),
      ).toString('base64url');
      return `${h}.${forged}.${s}`;
    },
    expired: () => signer.sign({ expiresIn: '-1m' }),
    'not yet valid': async () =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject('1')
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setIssuedAt()
        .setNotBefore('10m')
        .setExpirationTime('20m')
        .sign(signer.privateKey),
    'wrong issuer': () => signer.sign({ iss: 'someone-else' }),
    'wrong audience': () => signer.sign({ aud: 'another-api' }),
    'unknown kid': async () => (await aTestSigner('k2')).sign(),
    garbage: async () => 'not.a.jwt',
  };

  it.each(Object.keys(hostile))('rejects %s', async (name) => {
    await expect(verifier.verify(await hostile[name]())).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
  });

  it('stops accepting a token it verified (and cached) once the token expires', async () => {
    const token = await signer.sign({ sub: 'u-9', expiresIn: '10s' });
    await expect(verifier.verify(token)).resolves.toMatchObject({
      userId: 'u-9',
    });
    jest.useFakeTimers({
      now: Date.now() + 20_000,
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    });
    try {
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(
        InvalidTokenError,
      );
    } finally {
      jest.useRealTimers();
    }
  });
});
