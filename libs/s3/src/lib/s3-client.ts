import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Agent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { S3Env } from './s3.config';

/** The process's one S3Client, provided by the app module and injected by its S3 adapters. */
export const S3_CLIENT = Symbol('S3_CLIENT');

/**
 * Where and as whom to reach the bucket: for a client that brings its own transport settings
 * (the tus store, a test's fixtures). Path-style addressing, since S3Proxy and MinIO serve the
 * bucket under the endpoint rather than on a subdomain.
 */
export function s3ClientConfig(
  env: Pick<
    S3Env,
    'S3_ENDPOINT' | 'S3_REGION' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY'
  >,
): S3ClientConfig {
  return {
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    credentials: {
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    },
    forcePathStyle: true,
    // S3Proxy (and older S3-compatibles) reject the SDK's default CRC checksums on every request.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

export interface S3ClientOptions {
  /** Tries per request, the first included. */
  maxAttempts: number;
  /** Connection pools shared with other readers of the bucket; Node's global agents otherwise. */
  agents?: { http: Agent; https: HttpsAgent };
}

/**
 * A client whose timeouts bound connecting (S3_CONNECT_TIMEOUT_MS) and waiting for response
 * headers (S3_REQUEST_TIMEOUT_MS) only, so an unreachable S3 fails fast while a long body (a
 * viewer's stream, a source download) is never cut by them.
 */
export function createS3Client(env: S3Env, options: S3ClientOptions): S3Client {
  return new S3Client({
    ...s3ClientConfig(env),
    maxAttempts: options.maxAttempts,
    requestHandler: new NodeHttpHandler({
      httpAgent: options.agents?.http,
      httpsAgent: options.agents?.https,
      connectionTimeout: env.S3_CONNECT_TIMEOUT_MS,
      requestTimeout: env.S3_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    }),
  });
}
