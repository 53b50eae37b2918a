import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devAddress } from '@video-streaming/dev-stack';

const TEMPLATE = join(
  __dirname,
  '../../../../docker/gateway/nginx.conf.template',
);

export interface EdgeGateway {
  baseUrl: string;
  /** The completion log this gateway writes (EDGE_LOG_PATH of the service behind it). */
  logPath: string;
  dir: string;
  /** nginx's master pid (signals: USR1 reopens logs, TERM stops). */
  pid: number;
  /** What the gateway's request log (its stdout, format `gateway`) holds so far. */
  requestLog(): string;
  stop(): Promise<void>;
}

/**
 * A real nginx rendered from the project's gateway template (as tools/stack renders it) on `port`,
 * in front of a stream-service on `streamPort`, reading the stack's S3 at 127.0.0.1:4566.
 */
export async function startEdgeGateway(
  port: number,
  streamPort: number,
): Promise<EdgeGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'edge-gateway-'));
  // nginx's workers drop to an unprivileged user when started as root: the cache must be theirs.
  chmodSync(dir, 0o777);
  const logPath = join(dir, 'edge-completions.log');
  const vars: Record<string, string> = {
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: String(port),
    AUTH_UPSTREAM: '127.0.0.1:9',
    STREAM_UPSTREAM: `127.0.0.1:${streamPort}`,
    ACCESS_LOG_UPSTREAM: '127.0.0.1:9',
    S3_UPSTREAM: devAddress('s3'),
    S3_SCHEME: 'http',
    EDGE_LOG_PATH: logPath,
    EDGE_CACHE_PATH: join(dir, 'edge-cache'),
    EDGE_CACHE_MAX_SIZE: '256m',
  };
  const conf = readFileSync(TEMPLATE, 'utf8').replace(
    /\$\{([A-Z0-9_]+)\}/g,
    (whole, name: string) => vars[name] ?? whole,
  );
  writeFileSync(join(dir, 'nginx.conf'), conf);
  // A file, not a pipe: nginx opens /dev/stdout itself, which fails on a socket pair.
  const stdoutPath = join(dir, 'stdout.log');
  const stdout = openSync(stdoutPath, 'a');
  const child: ChildProcess = spawn(
    'nginx',
    ['-e', 'stderr', '-p', `${dir}/`, '-c', 'nginx.conf', '-g', 'daemon off;'],
    { stdio: ['ignore', stdout, 'inherit'] },
  );
  closeSync(stdout);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await fetch(`${baseUrl}/v1/api/__probe`).then(
      (r) => r.status === 404,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`the test gateway on :${port} did not start`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    logPath,
    dir,
    pid: child.pid as number,
    requestLog: () => readFileSync(stdoutPath, 'utf8'),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
