import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { StreamConfig } from '../../config';

export const S3_CLIENT = Symbol('S3_CLIENT');
export const S3_AGENTS = Symbol('S3_AGENTS');

export interface S3Agents {
  http: Agent;
  https: HttpsAgent;
}

/** One pool per process, shared by the SDK client and the streaming reader. */
export function createS3Agents(config: StreamConfig): S3Agents {
  const agentOptions = {
    keepAlive: true,
    maxSockets: config.S3_MAX_SOCKETS,
    maxFreeSockets: 64,
  };
  return { http: new Agent(agentOptions), https: new HttpsAgent(agentOptions) };
}

/**
 * One client per process. The agent's pool is sized for many concurrent streams (each open
 * download holds a socket for its whole duration); the timeouts bound connecting and waiting for
 * response headers only, so an unreachable S3 fails fast (503) while a slow viewer's long stream
 * is never cut by them.
 */
export function createS3Client(
  config: StreamConfig,
  agents: S3Agents,
): S3Client {
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
    maxAttempts: 2,
    requestHandler: new NodeHttpHandler({
      httpAgent: agents.http,
      httpsAgent: agents.https,
      connectionTimeout: config.S3_CONNECT_TIMEOUT_MS,
      requestTimeout: config.S3_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    }),
  });
}
