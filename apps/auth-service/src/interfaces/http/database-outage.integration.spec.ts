import request from 'supertest';
import { aTestApp, type TestApp } from '../../testing/test-app';

// Nothing listens on port 1: the database is "down" without stopping the shared PostgreSQL.
const UNREACHABLE =
  'postgresql://postgres@127.0.0.1:1/video_streaming?schema=auth';

describe('PostgreSQL unreachable', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await aTestApp({ AUTH_DATABASE_URL: UNREACHABLE });
  });
  afterAll(() => t.close());

  it('answers login 503 with Retry-After instead of a 500', async () => {
    const res = await request(t.http)
      .post('/v1/api/auth/login')
      .send({ email: 'a@example.com', password: 'whatever-123' })
      .expect(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toMatchObject({
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
    });
  });

  it('answers the OAuth token endpoint 503 temporarily_unavailable', async () => {
    const res = await request(t.http)
      .post('/v1/api/auth/oauth/token')
      .type('form')
      .send({
        grant_type: 'client_credentials',
        client_id: 'c',
        client_secret: 's',
      })
      .expect(503);
    expect(res.body.error).toBe('temporarily_unavailable');
  });

  it('keeps serving what needs no database: the JWKS and development tokens', async () => {
    await request(t.http).get('/v1/api/auth/.well-known/jwks.json').expect(200);
    await request(t.http).get('/v1/api/auth/token?userId=1').expect(200);
  });

  it('reports not ready and names postgres', async () => {
    const res = await request(t.http).get('/health/ready').expect(503);
    expect(res.body.error).toHaveProperty('postgres.status', 'down');
    expect(res.body.info).toHaveProperty('signing-key.status', 'up');
  });
});
