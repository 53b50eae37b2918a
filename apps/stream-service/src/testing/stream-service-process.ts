import { aTestSigner } from '@video-streaming/auth/testing';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { aFreePort } from './test-app';

const REPO = join(__dirname, '../../../..');

/** A JWKS endpoint for a throwaway signer, so several stream-service processes trust one key. */
export async function aSharedIssuer() {
  const signer = await aTestSigner('shared-test-issuer');
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(signer.jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
    sign: signer.sign,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * stream-service from its sources (main.ts through ts-node) in a child process of its own: a
 * second replica, with its own connections, memory and locks.
 */
export async function startStreamServiceProcess(env: Record<string, string>) {
  const port = await aFreePort();
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'apps/stream-service/src/main.ts',
    ],
    {
      cwd: REPO,
      env: {
        ...process.env,
        TS_NODE_PROJECT: 'apps/stream-service/tsconfig.spec.json',
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        OTEL_SDK_DISABLED: 'true',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  /** SIGKILL: no shutdown hook runs, like a crashed pod. */
  const crash = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`${baseUrl}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { baseUrl, stop, crash };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error('the second stream-service process did not become ready');
}
