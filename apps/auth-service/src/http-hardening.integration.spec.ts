import type { INestApplication } from '@nestjs/common';
import { bootstrapService } from '@video-streaming/platform';
import { itRefusesHostileRequests } from '@video-streaming/platform/testing';
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

  itRefusesHostileRequests({
    baseUrl: () => baseUrl,
    postPath: '/v1/api/auth/login',
    getPath: '/health/live',
  });

  it('refuses a 2 MB OAuth form before the rate limit, with a JSON 413', async () => {
    const res = await fetch(`${baseUrl}/v1/api/auth/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&x=${'y'.repeat(2_000_000)}`,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ statusCode: 413 });
  });
});
