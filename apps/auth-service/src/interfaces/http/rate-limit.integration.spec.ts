import request from 'supertest';
import { aTestApp, type TestApp } from '../../testing/test-app';

describe('rate limits (AUTH_RATE_LIMIT_PER_MINUTE=2)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await aTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(() => t.close());

  it('answers the third login of a minute with 429 and Retry-After', async () => {
    const attempt = () =>
      request(t.http)
        .post('/v1/api/auth/login')
        .send({ email: 'x@example.com', password: 'guessing-1234' });
    await attempt().expect(401);
    await attempt().expect(401);
    const res = await attempt().expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
    });
  });

  it('limits refresh separately from login', async () => {
    const attempt = () =>
      request(t.http)
        .post('/v1/api/auth/refresh')
        .send({ refresh_token: 'guess' });
    await attempt().expect(401);
    await attempt().expect(401);
    await attempt().expect(429);
  });

  it('answers the OAuth token endpoint in RFC 6749 form when limited', async () => {
    const attempt = () =>
      request(t.http).post('/v1/api/auth/oauth/token').type('form').send({
        grant_type: 'client_credentials',
        client_id: 'a',
        client_secret: 'b',
      });
    await attempt().expect(401);
    await attempt().expect(401);
    const res = await attempt().expect(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.body).toEqual({
      error: 'temporarily_unavailable',
      error_description: expect.any(String),
    });
  });
});
