// Where things live and which ports/names the stack uses. Everything is derived from this
// file's location (never an absolute path of one machine) and can be overridden by env vars.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEV_STACK } from '#dev-stack';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Repository root: tools/stack/lib -> ../../.. */
export const repoRoot = path.resolve(here, '..', '..', '..');

/** Path shown to humans: relative to the repo root when inside it. */
export function rel(p) {
  const r = path.relative(repoRoot, p);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : p;
}

function int(name, def) {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${name} must be a positive integer, got "${v}"`);
  return n;
}
const str = (name, def) =>
  process.env[name] === undefined || process.env[name] === ''
    ? def
    : process.env[name];

/** A component's port from the address book (libs/dev-stack), moved by its variable (KAFKA_PORT...). */
const port = (name) => {
  const { variable, port: def } = DEV_STACK.ports[name];
  return int(variable, def);
};
/** Its default address, whatever the variables say: the gateway's upstreams are set on their own. */
const defaultAddress = (name) =>
  `${DEV_STACK.host}:${DEV_STACK.ports[name].port}`;

/**
 * Read at call time (not import time) so tests can change env vars before starting components.
 */
export function getConfig() {
  const stackDir = path.resolve(repoRoot, str('STACK_DIR', '.stack'));
  const host = DEV_STACK.host;
  const pgPort = port('postgres');
  const pgUser = str('PGUSER', DEV_STACK.postgres.user);
  const database = str('POSTGRES_DB', DEV_STACK.postgres.database);
  const dbUrl = (schema) =>
    `postgresql://${pgUser}@${host}:${pgPort}/${database}?schema=${schema}`;
  // One timeout for readiness waits; Kafka's first start on a slow machine is the long pole.
  const readyTimeoutMs = int('STACK_READY_TIMEOUT', 120) * 1000;

  return {
    host,
    readyTimeoutMs,
    dirs: {
      root: stackDir,
      lib: path.join(stackDir, 'lib'),
      data: path.join(stackDir, 'data'),
      logs: path.join(stackDir, 'logs'),
      pids: path.join(stackDir, 'pids'),
      conf: path.join(stackDir, 'conf'),
      nginx: path.join(stackDir, 'nginx'),
      prometheus: path.join(stackDir, 'prometheus'),
    },
    zipkin: {
      // STACK_ZIPKIN=false leaves it out of `up` and `status`, like STACK_PROMETHEUS.
      enabled: str('STACK_ZIPKIN', 'true') !== 'false',
      port: port('zipkin'),
      heapOpts: str('ZIPKIN_HEAP_OPTS', '-Xms64m -Xmx384m'),
      // In-memory storage: the oldest traces go first once this many spans are kept.
      maxSpans: int('ZIPKIN_MAX_SPANS', 100000),
    },
    kafka: {
      port: port('kafka'),
      controllerPort: int('KAFKA_CONTROLLER_PORT', 9093),
      heapOpts: str('KAFKA_HEAP_OPTS', '-Xms256m -Xmx512m'),
      topics: [
        { topic: 'video-accessed', numPartitions: 3 },
        { topic: 'video-accessed.dlq', numPartitions: 1 },
        // Video lifecycle (libs/contracts): uploads for the transcode-worker, its answers.
        { topic: 'video-uploaded', numPartitions: 3 },
        { topic: 'video-ready', numPartitions: 3 },
        { topic: 'video-failed', numPartitions: 3 },
        // What the transcode-worker cannot read as a video-uploaded event.
        { topic: 'video-uploaded.dlq', numPartitions: 1 },
      ],
    },
    s3: {
      port: port('s3'),
      // Dev-only defaults; real deployments pass their own through the environment.
      accessKeyId: str('S3_ACCESS_KEY_ID', DEV_STACK.s3.accessKeyId),
      secretAccessKey: str(
        'S3_SECRET_ACCESS_KEY',
        DEV_STACK.s3.secretAccessKey,
      ),
      region: str('S3_REGION', 'us-east-1'),
      bucket: str('S3_BUCKET', 'videos'),
      // S3Proxy 2.x logs "filesystem storage backend deprecated -- please use filesystem-nio2".
      backend: str('S3PROXY_BACKEND', 'filesystem-nio2'),
      heapOpts: str('S3PROXY_HEAP_OPTS', '-Xms64m -Xmx512m'),
      sampleFile: path.join(repoRoot, 'assets', 'videos', 'video-test.mp4'),
      sampleKey: 'video-test.mp4',
    },
    pg: {
      host,
      port: pgPort,
      user: pgUser,
      database,
      accessLogUrl: str('ACCESS_LOG_DATABASE_URL', dbUrl('access_log')),
      authUrl: str('AUTH_DATABASE_URL', dbUrl('auth')),
      // stream-service's tus upload locks (advisory locks, no schema; ADR 0025).
      uploadLockUrl: str(
        'UPLOAD_LOCK_DATABASE_URL',
        `postgresql://${pgUser}@${host}:${pgPort}/${database}`,
      ),
      migrations: [
        {
          app: 'access-log-consumer',
          schema: 'apps/access-log-consumer/prisma/schema.prisma',
          env: 'accessLogUrl',
          envVar: 'ACCESS_LOG_DATABASE_URL',
        },
        {
          app: 'auth-service',
          schema: 'apps/auth-service/prisma/schema.prisma',
          env: 'authUrl',
          envVar: 'AUTH_DATABASE_URL',
        },
      ],
    },
    prometheus: {
      // STACK_PROMETHEUS=false leaves it out of `up` and `status` (it can still be started by name).
      enabled: str('STACK_PROMETHEUS', 'true') !== 'false',
      port: port('prometheus'),
      // Short, so that a test sees a fresh scrape within seconds.
      scrapeInterval: str('PROMETHEUS_SCRAPE_INTERVAL', '5s'),
      retention: str('PROMETHEUS_RETENTION', '2d'),
      targets: [
        'auth-service',
        'stream-service',
        'access-log-consumer',
        'transcode-worker',
      ].map((job) => ({ job, address: `${host}:${port(job)}` })),
    },
    gateway: {
      // Loopback unless configured: natively the gateway is a developer's, not the network's.
      host: str('GATEWAY_HOST', host),
      port: port('gateway'),
      template: path.join(repoRoot, 'docker', 'gateway', 'nginx.conf.template'),
      vars: {
        AUTH_UPSTREAM: str('AUTH_UPSTREAM', defaultAddress('auth-service')),
        STREAM_UPSTREAM: str(
          'STREAM_UPSTREAM',
          defaultAddress('stream-service'),
        ),
        ACCESS_LOG_UPSTREAM: str(
          'ACCESS_LOG_UPSTREAM',
          defaultAddress('access-log-consumer'),
        ),
        // Edge delivery (ADR 0021): the gateway reads S3 itself and logs one completion record per
        // access, which stream-service (EDGE_LOG_PATH, tools/lib/services.mjs) ships to Kafka.
        S3_UPSTREAM: str('S3_UPSTREAM', `${host}:${port('s3')}`),
        S3_SCHEME: str('S3_SCHEME', 'http'),
        EDGE_LOG_PATH: edgeLogPath(stackDir),
        EDGE_CACHE_PATH: path.join(stackDir, 'nginx', 'edge-cache'),
        EDGE_CACHE_MAX_SIZE: str('EDGE_CACHE_MAX_SIZE', '1g'),
      },
    },
  };
}

/** The gateway's edge completion log: one path the gateway writes and stream-service reads. */
export function edgeLogPath(stackDir) {
  return path.join(stackDir, 'logs', 'edge-completions.log');
}
