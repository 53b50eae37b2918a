// Runs a command with inherited output and resolves with its exit code.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './workspace.mjs';

export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      stdio: 'inherit',
      ...options,
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Nx on the same Node as this process (Node 22 from node_modules when run through npm). */
export function nx(args, options = {}) {
  return run(
    process.execPath,
    [join(repoRoot, 'node_modules', 'nx', 'bin', 'nx.js'), ...args],
    {
      ...options,
      env: {
        NX_DAEMON: 'false',
        NX_NO_CLOUD: 'true',
        NX_TUI: 'false',
        ...process.env,
        ...options.env,
      },
    },
  );
}

export function node(script, args = [], options = {}) {
  return run(process.execPath, [join(repoRoot, script), ...args], options);
}
