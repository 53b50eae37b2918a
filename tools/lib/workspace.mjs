// Facts about the workspace that the launcher, the test runner and the e2e suite share.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);

const pg = (schema) =>
  `postgresql://postgres@127.0.0.1:5432/video_streaming?schema=${schema}`;

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
export const SERVICES = [
  { name: 'auth-service', port: Number(process.env.AUTH_PORT ?? 3010) },
  { name: 'stream-service', port: Number(process.env.STREAM_PORT ?? 3020) },
  {
    name: 'access-log-consumer',
    port: Number(process.env.ACCESS_LOG_PORT ?? 3030),
  },
  {
    name: 'transcode-worker',
    port: Number(process.env.TRANSCODE_PORT ?? 3040),
  },
];
