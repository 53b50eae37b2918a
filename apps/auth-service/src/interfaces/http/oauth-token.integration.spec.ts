import request from 'supertest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { authCli, parseClient } from '../../testing/auth-cli';
import { aTestApp, type TestApp } from '../../testing/test-app';

const TOKEN = '/v1/api/auth/oauth/token';

describe('OAuth2 client_credentials (real PostgreSQL, clients made by the CLI)', () => {
  let t: TestApp;
  let client: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    t = await aTestApp();
    client = parseClient(
      await authCli(
        ['create-client', 'Reporting Job', '--scopes', 'video:read,logs:read'],
        { AUTH_DATABASE_URL: t.db.url },
      ),
    );
  });
  afterAll(() => t.close());

  const basic = (id: string, secret: string) =>
    `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  const form = (fields: Record<string, string>) =>
    request(t.http).post(TOKEN).type('form').send(fields);
  /** The client_credentials grant with the client's id and secret as form fields. */
  const grant = (
    fields: Record<string, string> = {},
    { clientId, clientSecret } = client,
  ) =>
    form({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      ...fields,
    });

  it('stores only a hash of the secret the CLI printed once', async () => {
    expect(client.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { rows } = await t.db.sql.query(
      'SELECT secret_hash, scopes FROM api_clients WHERE client_id = $1',
      [client.clientId],
    );
    expect(rows[0].secret_hash).not.toContain(client.clientSecret);
    expect(rows[0].scopes).toEqual(['video:read', 'logs:read']);
  });

  it('issues a token with every allowed scope to a client authenticated by HTTP Basic', async () => {
    const res = await form({ grant_type: 'client_credentials' })
      .set('Authorization', basic(client.clientId, client.clientSecret))
      .expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'video:read logs:read',
    });
    expect(res.body).not.toHaveProperty('refresh_token');
    expect(decodeJwt(res.body.access_token)).toMatchObject({
      sub: client.clientId,
      client_id: client.clientId,
      scope: 'video:read logs:read',
    });
    expect(decodeProtectedHeader(res.body.access_token)).toMatchObject({
      alg: 'ES256',
      kid: expect.any(String),
    });
  });

  it('accepts the credentials as form fields and narrows to the requested scope', async () => {
    const res = await grant({ scope: 'logs:read' }).expect(200);
    expect(res.body.scope).toBe('logs:read');
  });

  it('refuses a scope the client is not allowed with invalid_scope', async () => {
    const res = await grant({ scope: 'video:write' }).expect(400);
    expect(res.body).toEqual({
      error: 'invalid_scope',
      error_description: expect.stringContaining('video:write'),
    });
  });

  it('answers a wrong secret and an unknown client alike: 401 invalid_client with WWW-Authenticate', async () => {
    const wrong = await form({ grant_type: 'client_credentials' })
      .set('Authorization', basic(client.clientId, 'guess'))
      .expect(401);
    const unknown = await form({ grant_type: 'client_credentials' })
      .set('Authorization', basic('nobody', 'guess'))
      .expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toBe('invalid_client');
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic/);
  });

  it('refuses a missing or other grant type with unsupported_grant_type', async () => {
    const res = await grant({ grant_type: 'password' }).expect(400);
    expect(res.body.error).toBe('unsupported_grant_type');
  });

  it('refuses two authentication methods at once and JSON bodies with invalid_request', async () => {
    const both = await grant()
      .set('Authorization', basic(client.clientId, client.clientSecret))
      .expect(400);
    expect(both.body.error).toBe('invalid_request');
    const json = await request(t.http)
      .post(TOKEN)
      .send({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      })
      .expect(400);
    expect(json.body.error).toBe('invalid_request');
  });

  it('stops issuing tokens to a client revoked by the CLI', async () => {
    const other = parseClient(
      await authCli(['create-client', 'old job', '--scopes', 'video:read'], {
        AUTH_DATABASE_URL: t.db.url,
      }),
    );
    await authCli(['revoke-client', other.clientId], {
      AUTH_DATABASE_URL: t.db.url,
    });
    const res = await grant({}, other).expect(401);
    expect(res.body.error).toBe('invalid_client');
  });
});
