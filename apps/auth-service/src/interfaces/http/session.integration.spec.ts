import request from 'supertest';
import { decodeJwt } from 'jose';
import { aTestApp, type TestApp } from '../../testing/test-app';

describe('register, login, refresh, logout (real PostgreSQL)', () => {
  let t: TestApp;
  const email = 'Ana@Example.com';
  const password = 'correct horse battery';

  beforeAll(async () => {
    t = await aTestApp();
  });
  afterAll(() => t.close());

  const login = (body: object) =>
    request(t.http).post('/v1/api/auth/login').send(body);
  const refresh = (token: string) =>
    request(t.http).post('/v1/api/auth/refresh').send({ refresh_token: token });

  it('registers with 202 and stores an argon2id hash, never the password', async () => {
    const res = await request(t.http)
      .post('/v1/api/auth/register')
      .send({ email, password })
      .expect(202);
    expect(res.body.status).toBe('accepted');
    const { rows } = await t.db.sql.query(
      'SELECT email, password_hash, scopes FROM users',
    );
    expect(rows).toEqual([
      {
        email: 'ana@example.com',
        password_hash: expect.stringMatching(/^\$argon2id\$/),
        scopes: ['video:read'],
      },
    ]);
  });

  it('answers a taken address exactly like a new one and keeps the first password', async () => {
    const again = await request(t.http)
      .post('/v1/api/auth/register')
      .send({ email: 'ana@example.COM', password: 'another password' })
      .expect(202);
    const fresh = await request(t.http)
      .post('/v1/api/auth/register')
      .send({ email: 'bo@example.com', password })
      .expect(202);
    expect(again.body).toEqual(fresh.body);
    await login({ email, password: 'another password' }).expect(401);
  });

  it('refuses malformed registrations with 400 naming the field, and stores nothing', async () => {
    const res = await request(t.http)
      .post('/v1/api/auth/register')
      .send({ email: 'not-an-email', password: 'short' })
      .expect(400);
    expect(res.body.message).toMatch(/email/);
    expect(res.body.message).toMatch(/password/);
    const { rows } = await t.db.sql.query(
      "SELECT 1 FROM users WHERE email = 'not-an-email'",
    );
    expect(rows).toHaveLength(0);
  });

  it('logs in with the default scope, a signed access token and a refresh token', async () => {
    const res = await login({ email: 'ana@example.com', password }).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'video:read',
      refresh_token: expect.any(String),
    });
    const claims = decodeJwt(res.body.access_token);
    expect(claims).toMatchObject({
      iss: 'video-streaming-auth',
      aud: 'video-streaming',
      scope: 'video:read',
    });
    const { rows } = await t.db.sql.query(
      'SELECT id FROM users WHERE email = $1',
      ['ana@example.com'],
    );
    expect(claims.sub).toBe(rows[0].id);
    // Only a hash of the refresh token is stored.
    const stored = await t.db.sql.query(
      'SELECT token_hash FROM refresh_tokens',
    );
    expect(stored.rows.map((r) => r.token_hash)).not.toContain(
      res.body.refresh_token,
    );
  });

  it('answers an unknown address and a wrong password with the same 401', async () => {
    const unknown = await login({
      email: 'nobody@example.com',
      password,
    }).expect(401);
    const wrong = await login({ email, password: 'wrong password!' }).expect(
      401,
    );
    expect(unknown.body.message).toBe(wrong.body.message);
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('rotates refresh tokens: the new one works, the old one is spent', async () => {
    const first = (await login({ email, password }).expect(200)).body
      .refresh_token as string;
    const second = (await refresh(first).expect(200)).body
      .refresh_token as string;
    expect(second).not.toBe(first);
    const third = await refresh(second).expect(200);
    expect(third.body.access_token).toEqual(expect.any(String));
  });

  it('revokes the whole family when a rotated refresh token is reused', async () => {
    const stolen = (await login({ email, password }).expect(200)).body
      .refresh_token as string;
    const legit = (await refresh(stolen).expect(200)).body
      .refresh_token as string;
    const reuse = await refresh(stolen).expect(401);
    expect(reuse.body.code).toBe('INVALID_REFRESH_TOKEN');
    // The legitimate successor dies with the family: the thief's copy and the user's are both useless.
    await refresh(legit).expect(401);
  });

  it('lets only one of two concurrent refreshes with the same token win', async () => {
    const token = (await login({ email, password }).expect(200)).body
      .refresh_token as string;
    const statuses = (await Promise.all([refresh(token), refresh(token)]))
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual([200, 401]);
  });

  it('logs out: the refresh token and its family stop working; logging out again is harmless', async () => {
    const token = (await login({ email, password }).expect(200)).body
      .refresh_token as string;
    await request(t.http)
      .post('/v1/api/auth/logout')
      .send({ refresh_token: token })
      .expect(204);
    await refresh(token).expect(401);
    await request(t.http)
      .post('/v1/api/auth/logout')
      .send({ refresh_token: token })
      .expect(204);
  });

  it('refuses an unknown or missing refresh token', async () => {
    await refresh('made-up-token').expect(401);
    await request(t.http).post('/v1/api/auth/refresh').send({}).expect(400);
  });

  it('refuses an expired refresh token', async () => {
    const token = (await login({ email, password }).expect(200)).body
      .refresh_token as string;
    await t.db.sql.query(
      "UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE used_at IS NULL AND revoked_at IS NULL",
    );
    await refresh(token).expect(401);
  });
});
