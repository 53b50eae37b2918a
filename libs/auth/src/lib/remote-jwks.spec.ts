import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import { aTestSigner, TEST_AUDIENCE, TEST_ISSUER } from '../testing';
import { InvalidTokenError, JwtVerifier } from './jwt-verifier';

/** A real HTTP JWKS endpoint whose key set the test changes, as auth-service does on rotation. */
async function aJwksServer(initial: JSONWebKeySet) {
  let jwks = initial;
  let fetches = 0;
  const server: Server = createServer((_, res) => {
    fetches++;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    publish: (next: JSONWebKeySet) => (jwks = next),
    fetches: () => fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('JwtVerifier with a remote JWKS', () => {
  it('picks up a rotated-in key on its unknown kid, at most once per cooldown, and keeps verifying the old key', async () => {
    const oldKey = await aTestSigner('old');
    const newKey = await aTestSigner('new');
    const jwks = await aJwksServer(oldKey.jwks);
    try {
      const verifier = new JwtVerifier({
        issuer: TEST_ISSUER,
        audience: TEST_AUDIENCE,
        jwksUrl: jwks.url,
        jwksCooldownSeconds: 1,
        verifiedTokenCacheSize: 0,
      });
      const oldToken = await oldKey.sign({ sub: 'before-rotation' });
      await expect(verifier.verify(oldToken)).resolves.toMatchObject({
        userId: 'before-rotation',
      });
      await expect(verifier.verify(oldToken)).resolves.toBeDefined();
      expect(jwks.fetches()).toBe(1); // cached

      // Rotation: auth-service now publishes both keys and signs with the new one.
      jwks.publish({ keys: [...oldKey.jwks.keys, ...newKey.jwks.keys] });
      const newToken = await newKey.sign({ sub: 'after-rotation' });
      // Within the cooldown an unknown kid does not trigger a fetch: forged kids cannot flood auth-service.
      await expect(verifier.verify(newToken)).rejects.toBeInstanceOf(
        InvalidTokenError,
      );
      expect(jwks.fetches()).toBe(1);

      await sleep(1100);
      await expect(verifier.verify(newToken)).resolves.toMatchObject({
        userId: 'after-rotation',
      });
      expect(jwks.fetches()).toBe(2);
      await expect(verifier.verify(oldToken)).resolves.toMatchObject({
        userId: 'before-rotation',
      });

      // A burst of tokens with unknown kids costs at most one more fetch.
      const stranger = await aTestSigner('unknown');
      await sleep(1100);
      const burst = await Promise.allSettled(
        Array.from({ length: 20 }, async () =>
          verifier.verify(await stranger.sign()),
        ),
      );
      expect(burst.every((r) => r.status === 'rejected')).toBe(true);
      expect(jwks.fetches()).toBeLessThanOrEqual(3);
    } finally {
      await jwks.close();
    }
  });

  it('rejects tokens when the JWKS endpoint is unreachable, without throwing anything but InvalidTokenError', async () => {
    const signer = await aTestSigner('k');
    const verifier = new JwtVerifier({
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      jwksUrl: 'http://127.0.0.1:9/jwks.json',
    });
    await expect(verifier.verify(await signer.sign())).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
  });
});
