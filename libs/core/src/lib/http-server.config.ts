import { isIP } from 'node:net';
import { z } from 'zod';
import { loadConfig } from './load-config';

/** body-parser's size syntax ("100kb", "1mb", "512"): a typo must not start a service without a limit. */
const SIZE = /^\d+(\.\d+)?\s*(b|kb|mb)?$/i;
const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * What every service's HTTP server reads from the environment, validated once at start.
 * HOST defaults to loopback: a native run on a laptop is reachable only through the gateway;
 * the images set HOST=0.0.0.0, because a container's loopback is its own.
 */
export const httpServerConfigSchema = z.object({
  HOST: z
    .string()
    .default('127.0.0.1')
    .refine(
      (v) => isIP(v) !== 0 || HOSTNAME.test(v),
      'expected an IP address or a host name',
    ),
  BODY_LIMIT: z
    .string()
    .default('100kb')
    .refine(
      (v) => SIZE.test(v),
      'expected a size such as 100kb, 1mb or 4096 (bytes)',
    ),
});

export type HttpServerConfig = z.infer<typeof httpServerConfigSchema>;

export function loadHttpServerConfig(
  env: NodeJS.ProcessEnv = process.env,
): HttpServerConfig {
  return loadConfig(httpServerConfigSchema, env);
}
