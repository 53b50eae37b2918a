import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '@video-streaming/s3';
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { StreamConfig } from '../../config';

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
export const createStreamS3Client = (
  config: StreamConfig,
  agents: S3Agents,
): S3Client => createS3Client(config, { maxAttempts: 2, agents });
