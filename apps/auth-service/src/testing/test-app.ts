import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  ERROR_STATUS_MAP,
  JsonExceptionFilter,
  type ErrorStatusMap,
} from '@video-streaming/platform';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { register } from 'prom-client';
import { readConfig, type AuthConfig } from '../config';
import { setupOpenApi } from '../interfaces/http/openapi';
import { aTestDatabase } from './test-database';

/** The real app (real PostgreSQL, real key files) wired as main.ts wires it, without listening. */
export async function aTestApp(env: Record<string, string> = {}) {
  process.env['LOG_LEVEL'] ??= 'silent';
  const db = await aTestDatabase();
  const keysDir = mkdtempSync(join(tmpdir(), 'auth-keys-'));
  const config: AuthConfig = readConfig({
    NODE_ENV: 'test',
    AUTH_DATABASE_URL: db.url,
    AUTH_KEYS_DIR: keysDir,
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    ...env,
  });
  let app: NestExpressApplication;
  try {
    app = await start(config);
  } catch (error) {
    await db.drop();
    rmSync(keysDir, { recursive: true, force: true });
    throw error;
  }
  return {
    app: app as INestApplication,
    http: app.getHttpServer(),
    db,
    config,
    keysDir,
    async close(): Promise<void> {
      await app.close();
      await db.drop();
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}

async function start(config: AuthConfig): Promise<NestExpressApplication> {
  // Each app registers its metrics in prom-client's global registry: start from an empty one.
  register.clear();
  const { AppModule } = await import('../app.module');
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register(config)],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>();
  app.set('trust proxy', ['loopback']);
  app.useGlobalFilters(
    new JsonExceptionFilter(app.get<ErrorStatusMap>(ERROR_STATUS_MAP)),
  );
  setupOpenApi(app);
  await app.init();
  return app;
}

export type TestApp = Awaited<ReturnType<typeof aTestApp>>;
