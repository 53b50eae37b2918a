import request from 'supertest';
import { JwtVerifier } from '@video-streaming/auth';
import { aTestApp, type TestApp } from '../../testing/test-app';

describe("the seed's GET /v1/api/auth/token and the JWKS", () => {
  let t: TestApp;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    t = await aTestApp();
    const jwks = (
      await request(t.http)
        .get('/v1/api/auth/.well-known/jwks.json')
        .expect(200)
    ).body;
    // The services' own verifier, fed with what this endpoint publishes.
    verifier = new JwtVerifier({
      issuer: 'video-streaming-auth',
      audience: 'video-streaming',
      jwks,
    });
  });
  afterAll(() => t.close());

  it('issues a short-lived ES256 token for the user with video:read, verifiable with the published keys', async () => {
    const res = await request(t.http)
      .get('/v1/api/auth/token?userId=123')
      .expect(200);
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'video:read',
    });
    await expect(verifier.verify(res.body.access_token)).resolves.toMatchObject(
      { userId: '123', scopes: ['video:read'], tokenId: expect.any(String) },
    );
    const claims = JSON.parse(
      Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString(),
    );
    expect(Object.keys(claims).sort()).toEqual([
      'aud',
      'exp',
      'iat',
      'iss',
      'jti',
      'nbf',
      'scope',
      'sub',
    ]);
    expect(claims.exp - claims.iat).toBe(900);
  });

  it('counts the tokens it issues by grant on /metrics', async () => {
    const count = async () => {
      const metrics = (await request(t.http).get('/metrics').expect(200)).text;
      return Number(
        /^auth_tokens_issued_total\{grant="dev"\} (\d+)/m.exec(metrics)?.[1] ??
          0,
      );
    };
    const before = await count();
    await request(t.http).get('/v1/api/auth/token?userId=counted').expect(200);
    expect(await count()).toBe(before + 1);
  });

  it('grants the known scopes asked for in `scope`', async () => {
    const res = await request(t.http)
      .get('/v1/api/auth/token')
      .query({ userId: 'u-7', scope: 'video:write logs:read' })
      .expect(200);
    await expect(verifier.verify(res.body.access_token)).resolves.toMatchObject(
      { scopes: ['video:write', 'logs:read'] },
    );
  });

  it.each([
    ['no userId', ''],
    ['an empty userId', '?userId='],
    ['a userId with odd characters', '?userId=../etc'],
    ['a repeated userId', '?userId=1&userId=2'],
    ['an unknown scope', '?userId=1&scope=admin'],
  ])('answers %s with a 400 JSON error', async (_, query) => {
    const res = await request(t.http)
      .get(`/v1/api/auth/token${query}`)
      .expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.any(String),
    });
  });

  it('publishes ES256 public keys only, never private parts', async () => {
    const res = await request(t.http)
      .get('/v1/api/auth/.well-known/jwks.json')
      .expect(200);
    expect(res.body.keys).toHaveLength(1);
    expect(res.body.keys[0]).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: expect.any(String),
      y: expect.any(String),
      kid: expect.any(String),
      alg: 'ES256',
      use: 'sig',
    });
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = (
      await request(t.http).get('/v1/api/auth/docs-json').expect(200)
    ).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/api/auth/token',
        '/v1/api/auth/register',
        '/v1/api/auth/login',
        '/v1/api/auth/refresh',
        '/v1/api/auth/logout',
        '/v1/api/auth/oauth/token',
        '/v1/api/auth/.well-known/jwks.json',
      ]),
    );
    expect(doc.paths).not.toHaveProperty(['/metrics']);
    await request(t.http)
      .get('/v1/api/auth/docs')
      .expect(200)
      .expect('Content-Type', /html/);
  });

  it('is ready when PostgreSQL answers and a signing key is loaded', async () => {
    const res = await request(t.http).get('/health/ready').expect(200);
    expect(res.body.info).toMatchObject({
      postgres: { status: 'up' },
      'signing-key': { status: 'up' },
    });
  });
});
