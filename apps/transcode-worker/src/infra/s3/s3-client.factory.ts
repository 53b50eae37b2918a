import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { WorkerConfig } from '../../config';

export const S3_CLIENT = Symbol('S3_CLIENT');

/** One client per process; the timeouts make an unreachable S3 fail fast (the job is retried). */
export function createS3Client(config: WorkerConfig): S3Client {
  return new S3Client({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    credentials: {
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    },
    forcePathStyle: true,
    // S3Proxy (and older S3-compatibles) reject the SDK's default CRC checksums on every request.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: config.S3_CONNECT_TIMEOUT_MS,
      requestTimeout: config.S3_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    }),
  });
}
