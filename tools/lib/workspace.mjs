// Facts about the workspace that the launcher, the test runner and the e2e suite share.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { devDatabaseUrl, devPort } from '#dev-stack';

export const repoRoot = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);

const pg = (schema) => devDatabaseUrl(schema, {});

export const APPS_WITH_DATABASE = [
  {
    app: 'access-log-consumer',
    urlVariable: 'ACCESS_LOG_DATABASE_URL',
    defaultUrl: pg('access_log'),
  },
  {
    app: 'auth-service',
    urlVariable: 'AUTH_DATABASE_URL',
    defaultUrl: pg('auth'),
  },
];

/** The deployable services, in start order (auth first: the others fetch its JWKS). */
export const SERVICES = /** @type {const} */ ([
  'auth-service',
  'stream-service',
  'access-log-consumer',
  'transcode-worker',
]).map((name) => ({ name, port: devPort(name) }));
