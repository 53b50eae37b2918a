/**
 * The dev stack's address book for TypeScript tests and test support: the ports and dev-only
 * credentials of what `npm run stack:up` and `npm start` run on this machine (dev-stack.json, which
 * the .mjs tools read through index.mjs). Each port moves with the environment variable the stack
 * and the apps read. Tests and tools only: production code never imports it (lint refuses).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type DevComponent =
  | 'gateway'
  | 'auth-service'
  | 'stream-service'
  | 'access-log-consumer'
  | 'transcode-worker'
  | 'kafka'
  | 's3'
  | 'postgres'
  | 'prometheus'
  | 'zipkin';

export interface DevStack {
  host: string;
  ports: Record<DevComponent, { port: number; variable: string }>;
  s3: { accessKeyId: string; secretAccessKey: string };
  postgres: { user: string; database: string };
}

type Env = Record<string, string | undefined>;

export const DEV_STACK: DevStack = JSON.parse(
  readFileSync(join(__dirname, 'dev-stack.json'), 'utf8'),
) as DevStack;

/** The component's port: its variable (AUTH_PORT, S3_PORT...) when set, else the default. */
export function devPort(name: DevComponent, env: Env = process.env): number {
  const { port, variable } = DEV_STACK.ports[name];
  return Number(env[variable] ?? port);
}

/** `127.0.0.1:<port>` */
export const devAddress = (name: DevComponent, env: Env = process.env) =>
  `${DEV_STACK.host}:${devPort(name, env)}`;

/** `http://127.0.0.1:<port>` */
export const devUrl = (name: DevComponent, env: Env = process.env) =>
  `http://${devAddress(name, env)}`;

/** The stack's PostgreSQL as the dev user, optionally one schema of it. */
export function devDatabaseUrl(schema?: string, env: Env = process.env) {
  const { user, database } = DEV_STACK.postgres;
  const url = `postgresql://${user}@${devAddress('postgres', env)}/${database}`;
  return schema ? `${url}?schema=${schema}` : url;
}

/** KAFKA_BROKERS when set, else the stack's broker. */
export const devKafkaBrokers = (env: Env = process.env): string[] =>
  (env['KAFKA_BROKERS'] ?? devAddress('kafka', env)).split(',');

/** The stack's S3 (S3Proxy): endpoint and the dev credentials, each overridable like the apps'. */
export const devS3 = (env: Env = process.env) => ({
  endpoint: env['S3_ENDPOINT'] ?? devUrl('s3', env),
  accessKeyId: env['S3_ACCESS_KEY_ID'] ?? DEV_STACK.s3.accessKeyId,
  secretAccessKey: env['S3_SECRET_ACCESS_KEY'] ?? DEV_STACK.s3.secretAccessKey,
});
export { waitFor } from './wait-for';
export * from './test-support.cjs';
export { AppProcess, ensureBuilt, freePort, REPO_ROOT } from './app-process';
export type { AppProcessOptions, Exit } from './app-process';
