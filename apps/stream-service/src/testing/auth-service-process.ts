import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aFreePort } from './test-app';

const REPO = join(__dirname, '../../../..');
export const AUTH_SERVICE_MAIN = join(REPO, 'dist/apps/auth-service/main.js');

/**
 * The real auth-service build (`npx nx build auth-service`) on a free port, with a throwaway key
 * directory; undefined when it has not been built. Needs the stack's PostgreSQL (migrated).
 */
export async function startBuiltAuthService(): Promise<
  { baseUrl: string; stop: () => void } | undefined
> {
  if (!existsSync(AUTH_SERVICE_MAIN)) return undefined;
  const port = await aFreePort();
  const keys = mkdtempSync(join(tmpdir(), 'stream-test-auth-keys-'));
  const child = spawn(process.execPath, [AUTH_SERVICE_MAIN], {
    cwd: REPO,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      AUTH_KEYS_DIR: keys,
      LOG_LEVEL: 'warn',
      OTEL_SDK_DISABLED: 'true',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(keys, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ready = await fetch(
      `${baseUrl}/v1/api/auth/.well-known/jwks.json`,
    ).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { baseUrl, stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  throw new Error(`auth-service (${AUTH_SERVICE_MAIN}) did not become ready`);
}
