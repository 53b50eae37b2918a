import type { INestApplication } from '@nestjs/common';
import { bootstrapService } from '@video-streaming/platform';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { register } from 'prom-client';
import { readConfig } from './config';
import { aTestDatabase } from './testing/test-database';

jest.setTimeout(60_000);

/**
 * Hostile requests to auth-service as main.ts starts it (platform bootstrap, real PostgreSQL):
 * refused with a JSON 4xx before any handler or rate limit, never a 500.
 */
describe('auth-service refuses hostile requests with a JSON 4xx', () => {
  let db: Awaited<ReturnType<typeof aTestDatabase>>;
  let keysDir: string;
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    process.env['LOG_LEVEL'] ??= 'silent';
    register.clear();
    db = await aTestDatabase();
    keysDir = mkdtempSync(join(tmpdir(), 'auth-keys-'));
    const config = readConfig({
      NODE_ENV: 'test',
      AUTH_DATABASE_URL: db.url,
      AUTH_KEYS_DIR: keysDir,
    });
    const { AppModule } = await import('./app.module');
    app = await bootstrapService(AppModule.register(config), { port: 0 });
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    if (keysDir) rmSync(keysDir, { recursive: true, force: true });
  });

  const post = (path: string, type: string, body: string) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': type },
      body,
    });

  it.each([
    [
      'a 2 MB JSON login',
      '/v1/api/auth/login',
      'application/json',
      JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2_000_000) }),
      413,
    ],
    [
      'a 2 MB OAuth form',
      '/v1/api/auth/oauth/token',
      'application/x-www-form-urlencoded',
      `grant_type=client_credentials&x=${'y'.repeat(2_000_000)}`,
      413,
    ],
    [
      'a malformed JSON login',
      '/v1/api/auth/login',
      'application/json',
      '{"email":',
      400,
    ],
    [
      'a login in an unknown charset',
      '/v1/api/auth/login',
      'application/json; charset=klingon',
      '{}',
      415,
    ],
  ])('%s is refused with its 4xx', async (_, path, type, body, status) => {
    const res = await post(path, type, body);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
    });
  });

  it.each(['X-Big', 'Cookie', 'Authorization'])(
    'answers a 64 KiB %s header with 431',
    async (name) => {
      const res = await fetch(`${baseUrl}/health/live`, {
        headers: { [name]: 'a'.repeat(65_536) },
      });
      expect(res.status).toBe(431);
    },
  );
});
