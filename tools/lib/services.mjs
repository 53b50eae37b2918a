// Starts the built services (dist/apps/<name>/main.js) as separate processes and waits until each
// answers /health/ready; used by `npm start` and by the e2e suite.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { SERVICES, repoRoot } from './workspace.mjs';
import { getConfig } from '#tools/stack';

// Always the repo's .stack/logs (not STACK_DIR): the e2e suite reads the services' logs there.
const logDir = join(repoRoot, '.stack', 'logs');

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function waitReady(service, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(
        `${service.name} exited with code ${child.exitCode}; see ${service.log}`,
      );
    try {
      const res = await fetch(`http://127.0.0.1:${service.port}/health/ready`);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${service.name} not ready on :${service.port} after ${timeoutMs / 1000}s (${last}); see ${service.log}`,
  );
}

/**
 * stream-service behind the stack's gateway: edge delivery (ADR 0021), shipping the completion
 * log the gateway writes. DELIVERY_MODE=proxy in the shell sends the bytes through Node instead.
 */
function serviceEnv(name) {
  if (name !== 'stream-service') return {};
  return {
    DELIVERY_MODE: process.env.DELIVERY_MODE ?? 'edge',
    EDGE_LOG_PATH:
      process.env.EDGE_LOG_PATH ?? getConfig().gateway.vars.EDGE_LOG_PATH,
  };
}

/**
 * Starts every service; `onLine(name, line)` receives their output (default: the log files only).
 * Returns { stop() } that sends SIGTERM and waits for the processes to exit.
 * @param {{ env?: Record<string, string>, onLine?: (name: string, line: string) => void,
 *   timeoutMs?: number, services?: { name: string, port: number }[] }} [options]
 */
export async function startServices({
  env = {},
  onLine,
  timeoutMs = 60_000,
  services = SERVICES,
} = {}) {
  mkdirSync(logDir, { recursive: true });
  const running = [];
  const stop = async () => {
    await Promise.all(
      running.map(
        ({ child }) =>
          /** @type {Promise<void>} */ (
            new Promise((resolve) => {
              if (child.exitCode !== null || child.signalCode) return resolve();
              const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
              child.once('exit', () => (clearTimeout(timer), resolve()));
              child.kill('SIGTERM');
            })
          ),
      ),
    );
  };
  try {
    for (const service of services) {
      const main = join(repoRoot, 'dist', 'apps', service.name, 'main.js');
      if (!existsSync(main))
        throw new Error(
          `${main} is missing: build first (npx nx run-many -t build)`,
        );
      if (await portInUse(service.port))
        throw new Error(
          `port ${service.port} for ${service.name} is already in use`,
        );
      const log = join(logDir, `${service.name}.log`);
      const out = createWriteStream(log, { flags: 'a' });
      const child = spawn(process.execPath, ['--enable-source-maps', main], {
        cwd: repoRoot,
        // Loopback only, whatever HOST the shell exports (zsh sets it to the machine's name).
        env: {
          ...process.env,
          HOST: '127.0.0.1',
          PORT: String(service.port),
          ...serviceEnv(service.name),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      for (const stream of [child.stdout, child.stderr]) {
        stream.pipe(out, { end: false });
        if (onLine) {
          let buffer = '';
          stream.on('data', (chunk) => {
            buffer += chunk;
            const lines = buffer.split('\n');
            buffer = lines.pop() ?? '';
            for (const line of lines) onLine(service.name, line);
          });
        }
      }
      running.push({ ...service, child, log });
      await waitReady({ ...service, log }, child, timeoutMs);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { services: running, stop };
}
