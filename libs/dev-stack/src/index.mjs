// The dev stack's address book for the .mjs tools (`import { devPort } from '#dev-stack'`): the
// same dev-stack.json and the same functions as index.ts, which the TypeScript tests use.
import { readFileSync } from 'node:fs';

/**
 * @typedef {import('./index.js').DevComponent} DevComponent
 * @typedef {import('./index.js').DevStack} DevStack
 * @typedef {Record<string, string | undefined>} Env
 */

/** @type {DevStack} */
export const DEV_STACK = JSON.parse(
  readFileSync(new URL('./dev-stack.json', import.meta.url), 'utf8'),
);

/** @param {DevComponent} name @param {Env} [env] @returns {number} */
export function devPort(name, env = process.env) {
  const { port, variable } = DEV_STACK.ports[name];
  return Number(env[variable] ?? port);
}

/** @param {DevComponent} name @param {Env} [env] */
export const devAddress = (name, env = process.env) =>
  `${DEV_STACK.host}:${devPort(name, env)}`;

/** @param {DevComponent} name @param {Env} [env] */
export const devUrl = (name, env = process.env) =>
  `http://${devAddress(name, env)}`;

/** @param {string} [schema] @param {Env} [env] */
export function devDatabaseUrl(schema, env = process.env) {
  const { user, database } = DEV_STACK.postgres;
  const url = `postgresql://${user}@${devAddress('postgres', env)}/${database}`;
  return schema ? `${url}?schema=${schema}` : url;
}

/** @param {Env} [env] @returns {string[]} */
export const devKafkaBrokers = (env = process.env) =>
  (env.KAFKA_BROKERS ?? devAddress('kafka', env)).split(',');

/** @param {Env} [env] */
export const devS3 = (env = process.env) => ({
  endpoint: env.S3_ENDPOINT ?? devUrl('s3', env),
  accessKeyId: env.S3_ACCESS_KEY_ID ?? DEV_STACK.s3.accessKeyId,
  secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? DEV_STACK.s3.secretAccessKey,
});

// What tests and benches both do against the stack (test-support.cjs, shared with index.ts).
export * from './test-support.cjs';
