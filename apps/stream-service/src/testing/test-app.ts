import type { INestApplication } from '@nestjs/common';
import { aTestSigner } from '@video-streaming/auth/testing';
import { bootstrapService } from '@video-streaming/platform';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { AppModule } from '../app.module';
import { loadStreamConfig, type StreamConfig } from '../config';

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
  close(): Promise<void>;
}

/**
 * stream-service as deployed (same bootstrap, real S3 and Kafka of the stack) on a free port,
 * trusting a throwaway signing key instead of auth-service's JWKS.
 */
export async function startTestApp(
  env: Record<string, string> = {},
): Promise<TestApp> {
  process.env['LOG_LEVEL'] ??= 'warn';
  const signer = await aTestSigner('stream-test');
  const config = loadStreamConfig({ NODE_ENV: 'test', ...env });
  const app = await bootstrapService(
    AppModule.forRoot(config, { jwks: signer.jwks }),
    { port: 0, host: '127.0.0.1' },
  );
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    token: (claims = {}) => signer.sign({ scope: 'video:read', ...claims }),
    close: () => app.close(),
  };
}
