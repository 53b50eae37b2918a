import type { INestApplication } from '@nestjs/common';
import { aTestSigner } from '@video-streaming/auth/testing';
import { bootstrapService } from '@video-streaming/platform';
import { createServer, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { AppModule } from '../app.module';
import { readConfig, type StreamConfig } from '../config';
import { ExpiredUploadSweeper } from '../infra/tus/expired-upload.sweeper';

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  config: StreamConfig;
  /** A token signed by the test's own key, which this app trusts. */
  token(claims?: {
    sub?: string;
    scope?: string;
    expiresIn?: string;
  }): Promise<string>;
  /** Runs the expired-upload sweep now instead of waiting for its timer; resolves with the count. */
  sweepExpiredUploads(): Promise<number>;
  close(): Promise<void>;
}

/**
 * stream-service as deployed (same bootstrap, real S3 and Kafka of the stack) on a free port,
 * trusting a throwaway signing key instead of auth-service's JWKS.
 */
/** A free loopback port, for a test that must know its URL before the app starts. */
export async function aFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startTestApp(
  env: Record<string, string> = {},
): Promise<TestApp> {
  process.env['LOG_LEVEL'] ??= 'warn';
  const signer = await aTestSigner('stream-test');
  const config = readConfig({ NODE_ENV: 'test', ...env });
  const app = await bootstrapService(
    // With AUTH_JWKS_URL given, the app trusts that issuer (a real auth-service) instead.
    AppModule.register(
      config,
      env['AUTH_JWKS_URL'] ? {} : { jwks: signer.jwks },
    ),
    { port: env['PORT'] ? config.PORT : 0, host: '127.0.0.1' },
  );
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    token: (claims = {}) => signer.sign({ scope: 'video:read', ...claims }),
    sweepExpiredUploads: () => app.get(ExpiredUploadSweeper).sweep(),
    close: () => app.close(),
  };
}
