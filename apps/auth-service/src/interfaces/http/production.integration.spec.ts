import request from 'supertest';
import { generateKeyPairSync } from 'node:crypto';
import { aTestApp, type TestApp } from '../../testing/test-app';

const pem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('NODE_ENV=production', () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('hides the passwordless dev token endpoint (404) and still publishes the key from AUTH_PRIVATE_KEY', async () => {
    // Escaped newlines, as a PEM usually travels in an environment variable.
    t = await aTestApp({
      NODE_ENV: 'production',
      AUTH_PRIVATE_KEY: pem.replace(/\n/g, '\\n'),
    });
    await request(t.http).get('/v1/api/auth/token?userId=123').expect(404);
    const jwks = (
      await request(t.http)
        .get('/v1/api/auth/.well-known/jwks.json')
        .expect(200)
    ).body;
    expect(jwks.keys).toEqual([
      expect.objectContaining({
        alg: 'ES256',
        kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      }),
    ]);
  });

  it('serves the dev token endpoint when AUTH_DEV_TOKEN_ENDPOINT=true', async () => {
    t = await aTestApp({
      NODE_ENV: 'production',
      AUTH_PRIVATE_KEY: pem,
      AUTH_DEV_TOKEN_ENDPOINT: 'true',
    });
    const res = await request(t.http)
      .get('/v1/api/auth/token?userId=123')
      .expect(200);
    const kid = JSON.parse(
      Buffer.from(res.body.access_token.split('.')[0], 'base64url').toString(),
    ).kid;
    const jwks = (
      await request(t.http)
        .get('/v1/api/auth/.well-known/jwks.json')
        .expect(200)
    ).body;
    expect(jwks.keys[0].kid).toBe(kid);
  });

  it('refuses to start with an empty key directory instead of generating a key', async () => {
    await expect(aTestApp({ NODE_ENV: 'production' })).rejects.toThrow(
      /no signing key/,
    );
    t = undefined;
  });
});
