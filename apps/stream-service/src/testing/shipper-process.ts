import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '../../../..');

/**
 * stream-service from its sources (@swc-node/register, no build needed) as a separate process, so
 * a test can SIGKILL it: here it runs as the completion-log shipper of an edge gateway.
 */
export async function startShipperProcess(
  port: number,
  env: Record<string, string>,
): Promise<{ kill(): Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/stream-service/src/main.ts'],
    {
      cwd: REPO,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: 'apps/stream-service/tsconfig.app.json',
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        OTEL_SDK_DISABLED: 'true',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const deadline = Date.now() + 45_000;
  for (;;) {
    const live = await fetch(`http://127.0.0.1:${port}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (live) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the shipper process on :${port} did not start`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    kill: async () => {
      if (child.exitCode !== null || child.signalCode) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
