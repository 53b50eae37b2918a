/**
 * An app's built bundle (dist/apps/<app>/main.js) as a real child process, for the integration
 * and fault tests that must hit what production runs: SIGTERM, SIGKILL, a restart on the same
 * consumer group. Builds it first when a source is newer (`ensureBuilt`), waits for
 * /health/ready, collects stdout and stderr in `output`.
 */
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
import { waitFor } from './wait-for';

export const REPO_ROOT = resolve(__dirname, '../../..');

const built = (app: string) => join(REPO_ROOT, 'dist/apps', app, 'main.js');
/** A private copy: another build of the workspace may clean dist/ while a test runs. */
const privateCopy = (app: string) =>
  join(REPO_ROOT, 'tmp', `${app}-tests`, String(process.pid), 'main.js');

/** The newest mtime of the app's sources (specs, test helpers and generated code aside). */
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

/**
 * Runs `nx build <app>` when a source is newer than its dist/ bundle, then copies the bundle aside
 * for this test process. `excludeTaskDependencies`: webpack bundles the libraries from source, so
 * their own builds can be skipped (an app whose build needs a generated client keeps them).
 */
export function ensureBuilt(
  app: string,
  { excludeTaskDependencies = false } = {},
): void {
  const bundle = built(app);
  if (
    !existsSync(bundle) ||
    statSync(bundle).mtimeMs <=
      newestSource(join(REPO_ROOT, 'apps', app, 'src'))
  ) {
    const result = spawnSync(
      join(REPO_ROOT, 'node_modules/.bin/nx'),
      [
        'build',
        app,
        '--skip-nx-cache',
        ...(excludeTaskDependencies ? ['--excludeTaskDependencies'] : []),
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
  const copy = privateCopy(app);
  mkdirSync(dirname(copy), { recursive: true });
  copyFileSync(bundle, copy);
  process.once('exit', () =>
    rmSync(dirname(copy), { recursive: true, force: true }),
  );
}

/** A port nothing listens on right now (the OS picks it). */
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

export interface AppProcessOptions {
  /** LOG_LEVEL of the process (what `output` will hold); default `warn`. */
  logLevel?: string;
  /** How long /health/ready may take; default 60 s. */
  readyTimeoutMs?: number;
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** The built app as a real process (after `ensureBuilt(app)`): what production runs. */
export class AppProcess {
  private child?: ChildProcess;
  output = '';

  constructor(
    readonly app: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly options: AppProcessOptions = {},
  ) {}

  /** Starts the app on a free port and waits until /health/ready answers 200. */
  static async start(
    app: string,
    env: Record<string, string>,
    options: AppProcessOptions = {},
  ): Promise<AppProcess> {
    const started = new AppProcess(app, await freePort(), env, options);
    await started.start();
    return started;
  }

  /** (Re)starts the process on the same port and environment. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, [privateCopy(this.app)], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        OTEL_SDK_DISABLED: 'true',
        LOG_LEVEL: this.options.logLevel ?? 'warn',
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
          throw new Error(`${this.app} exited with ${child.exitCode}`);
        return (await this.get('/health/ready')).status === 200;
      },
      this.options.readyTimeoutMs ?? 60_000,
      `${this.app} to be ready`,
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

  get alive(): boolean {
    return (
      this.child !== undefined &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    );
  }

  /** Sends the signal and waits for the process to exit (at once when it already has). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
    const child = this.child;
    if (!child || !this.alive)
      return {
        code: child?.exitCode ?? null,
        signal: child?.signalCode ?? null,
      };
    const exited = new Promise<Exit>((done) =>
      child.once('exit', (code, signal) => done({ code, signal })),
    );
    child.kill(signal);
    return exited;
  }
}
