import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { waitFor } from '@video-streaming/dev-stack';

export const REPO_ROOT = resolve(__dirname, '../../../..');
const APP_DIR = join(REPO_ROOT, 'apps/transcode-worker');
const BUILT = join(REPO_ROOT, 'dist/apps/transcode-worker/main.js');
/** A private copy: another build of the workspace may clean dist/ while a test runs. */
const MAIN = join(
  REPO_ROOT,
  'tmp/transcode-worker-tests',
  String(process.pid),
  'main.js',
);

function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'testing'
        ? newest
        : Math.max(newest, newestSource(path));
    return entry.name.endsWith('.spec.ts')
      ? newest
      : Math.max(newest, statSync(path).mtimeMs);
  }, 0);
}

/** Runs `nx build transcode-worker` when a source is newer than dist/apps/transcode-worker/main.js. */
export function ensureBuilt(): void {
  if (
    !existsSync(BUILT) ||
    statSync(BUILT).mtimeMs <= newestSource(join(APP_DIR, 'src'))
  ) {
    const result = spawnSync(
      join(REPO_ROOT, 'node_modules/.bin/nx'),
      // Libraries are bundled from source by webpack: their own tsc builds are not needed here.
      [
        'build',
        'transcode-worker',
        '--skip-nx-cache',
        '--excludeTaskDependencies',
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
        encoding: 'utf8',
        timeout: 300_000,
      },
    );
    if (result.status !== 0)
      throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
  }
  mkdirSync(dirname(MAIN), { recursive: true });
  copyFileSync(BUILT, MAIN);
  process.once('exit', () =>
    rmSync(dirname(MAIN), { recursive: true, force: true }),
  );
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? done(address.port)
          : fail(new Error('no port')),
      );
    });
  });
}

/** Shared with every app's test helpers (libs/dev-stack). */
export { waitFor };

/** The built worker as a real process: what production runs, and what SIGTERM can hit. */
export class WorkerProcess {
  private child?: ChildProcess;
  output = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string>): Promise<WorkerProcess> {
    const worker = new WorkerProcess(await freePort(), env);
    await worker.start();
    return worker;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [MAIN], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        OTEL_SDK_DISABLED: 'true',
        LOG_LEVEL: 'info',
        ...this.env,
        PORT: String(this.port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`worker exited with ${child.exitCode}`);
        return (await this.get('/health/ready')).status === 200;
      },
      90_000,
      'the worker to be ready',
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${this.output.slice(-3000)}`);
    });
  }

  get(path: string): Promise<Response> {
    return fetch(`http://127.0.0.1:${this.port}${path}`, {
      signal: AbortSignal.timeout(5_000),
    });
  }

  /** One sample of a Prometheus series (labels as written, e.g. `{outcome="ready"}`), or 0. */
  async metric(name: string, labels = ''): Promise<number> {
    const text = await (await this.get('/metrics')).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`${name}${labels} `));
    return line ? Number(line.split(' ')[1]) : 0;
  }

  /** Sends the signal and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM') {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<{
      code: number | null;
      signal: NodeJS.Signals | null;
    }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
    child.kill(signal);
    return exited;
  }
}
