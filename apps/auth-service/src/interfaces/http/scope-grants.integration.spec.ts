import request from 'supertest';
import { authCli } from '../../testing/auth-cli';
import { aTestApp, type TestApp } from '../../testing/test-app';

describe('operator grants and revokes scopes with the CLI (real PostgreSQL)', () => {
  let t: TestApp;
  const user = { email: 'editor@example.com', password: 'long enough secret' };

  beforeAll(async () => {
    t = await aTestApp();
    await request(t.http).post('/v1/api/auth/register').send(user).expect(202);
  });
  afterAll(() => t.close());

  const scopeAfterLogin = async () =>
    (await request(t.http).post('/v1/api/auth/login').send(user).expect(200))
      .body.scope as string;

  it('adds video:write and logs:read to the next tokens, and takes them away again', async () => {
    expect(await scopeAfterLogin()).toBe('video:read');
    const granted = await authCli(
      ['grant', 'Editor@example.com', 'video:write', 'logs:read'],
      { AUTH_DATABASE_URL: t.db.url },
    );
    expect(granted).toContain('logs:read video:read video:write');
    expect((await scopeAfterLogin()).split(' ').sort()).toEqual([
      'logs:read',
      'video:read',
      'video:write',
    ]);
    await authCli(['revoke', user.email, 'logs:read'], {
      AUTH_DATABASE_URL: t.db.url,
    });
    expect((await scopeAfterLogin()).split(' ').sort()).toEqual([
      'video:read',
      'video:write',
    ]);
  });

  it('applies a grant at the next refresh without a new login', async () => {
    const session = (
      await request(t.http).post('/v1/api/auth/login').send(user).expect(200)
    ).body;
    await authCli(['grant', user.email, 'logs:read'], {
      AUTH_DATABASE_URL: t.db.url,
    });
    const refreshed = await request(t.http)
      .post('/v1/api/auth/refresh')
      .send({ refresh_token: session.refresh_token })
      .expect(200);
    expect(refreshed.body.scope.split(' ')).toContain('logs:read');
  });

  it('refuses unknown scopes and unknown users with a non-zero exit', async () => {
    await expect(
      authCli(['grant', user.email, 'admin'], { AUTH_DATABASE_URL: t.db.url }),
    ).rejects.toMatchObject({ code: 2 });
    await expect(
      authCli(['grant', 'ghost@example.com', 'video:write'], {
        AUTH_DATABASE_URL: t.db.url,
      }),
    ).rejects.toMatchObject({ code: 2 });
  });
});
