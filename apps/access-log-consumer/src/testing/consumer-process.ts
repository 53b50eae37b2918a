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
import { dirname, join } from 'node:path';
import { REPO_ROOT, waitFor } from './stack';

const APP_DIR = join(REPO_ROOT, 'apps/access-log-consumer');
const BUILT = join(REPO_ROOT, 'dist/apps/access-log-consumer/main.js');
/** A private copy: another build of the workspace may clean dist/ while a test runs. */
const MAIN = join(
  REPO_ROOT,
  'tmp/access-log-consumer-tests',
  String(process.pid),
  'main.js',
);

function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ['generated', 'testing'].includes(entry.name)
        ? newest
        : Math.max(newest, newestSource(path));
    return entry.name.endsWith('.spec.ts')
      ? newest
      : Math.max(newest, statSync(path).mtimeMs);
  }, 0);
}

/** Runs `nx build access-log-consumer` (dist/apps/access-log-consumer/main.js) when a source is newer. */
export function ensureBuilt(): void {
  if (
    !existsSync(BUILT) ||
    statSync(BUILT).mtimeMs <= newestSource(join(APP_DIR, 'src'))
  )
    build();
  mkdirSync(dirname(MAIN), { recursive: true });
  copyFileSync(BUILT, MAIN);
  process.once('exit', () =>
    rmSync(dirname(MAIN), { recursive: true, force: true }),
  );
}

function build(): void {
  const nx = join(REPO_ROOT, 'node_modules/.bin/nx');
  const result = spawnSync(
    nx,
    ['build', 'access-log-consumer', '--skip-nx-cache'],
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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** The built service as a real process: what production runs, and what SIGKILL can hit. */
export class ConsumerProcess {
  private child?: ChildProcess;
  output = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string>): Promise<ConsumerProcess> {
    const process = new ConsumerProcess(await freePort(), env);
    await process.start();
    return process;
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [MAIN], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        OTEL_SDK_DISABLED: 'true',
        LOG_LEVEL: 'warn',
        ...this.env,
        PORT: String(this.port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = this.child;
    child.stdout?.on(
      'data',
      (chunk: Buffer) => (this.output += chunk.toString()),
    );
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (this.output += chunk.toString()),
    );
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(
            `consumer exited with ${child.exitCode}:\n${this.output}`,
          );
        return (await this.get('/health/ready')).status === 200;
      },
      60_000,
      'the consumer to join its group',
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${this.output.slice(-3000)}`);
    });
  }

  get(path: string): Promise<Response> {
    return fetch(`http://127.0.0.1:${this.port}${path}`, {
      signal: AbortSignal.timeout(5_000),
    });
  }

  get alive(): boolean {
    return (
      this.child !== undefined &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    );
  }

  /** Sends the signal and waits for the process to exit. */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return {
        code: child?.exitCode ?? null,
        signal: child?.signalCode ?? null,
      };
    const exited = new Promise<{
      code: number | null;
      signal: NodeJS.Signals | null;
    }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    child.kill(signal);
    return exited;
  }
}
