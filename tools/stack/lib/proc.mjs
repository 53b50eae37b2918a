// Process plumbing: detached servers with pid files, port probes, waiting, running commands.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { rel } from './config.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function mkdirs(...dirs) {
  for (const d of dirs) fs.mkdirSync(d, { recursive: true });
}

export function pidFile(c, name) {
  return path.join(c.dirs.pids, `${name}.pid`);
}

export function readPid(c, name) {
  try {
    const pid = Number(fs.readFileSync(pidFile(c, name), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** True if the process exists and has not exited (a zombie has exited, it just was not reaped yet). */
export function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z') return true;
    // The main thread can be a zombie while the JVM's other threads still exit (and hold the port).
    return fs.readdirSync(`/proc/${pid}/task`).length > 1;
  } catch {
    return !fs.existsSync('/proc/self'); // no /proc (not Linux): trust kill(0); else it just vanished
  }
}

function cmdline(pid) {
  try {
    return fs
      .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .join(' ');
  } catch {
    return null;
  }
}

/**
 * The pid of our server `name` if it runs. `marker` is a string of its command line (the path of
 * its rendered config, unique to this .stack folder) so that a recycled pid is not mistaken for it.
 */
export function ourPid(c, name, marker) {
  const pid = readPid(c, name);
  if (!pid || !isAlive(pid)) return null;
  const cl = cmdline(pid);
  if (cl !== null && marker && !cl.includes(marker)) return null;
  return pid;
}

/**
 * Start a long-running server detached from us (own process group), output appended to logFile.
 * @param {any} c @param {string} name @param {string} cmd @param {string[]} args
 * @param {{ logFile: string, env?: Record<string, string | undefined>, cwd?: string }} options
 * @returns {Promise<number>} its pid
 */
export function spawnDetached(c, name, cmd, args, { logFile, env, cwd }) {
  mkdirs(c.dirs.logs, c.dirs.pids, path.dirname(logFile));
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(
    fd,
    `\n===== ${new Date().toISOString()} stack: starting ${name}: ${cmd} ${args.join(' ')}\n`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...env },
      cwd,
    });
    child.once('error', (err) => {
      fs.closeSync(fd);
      reject(new Error(`${name}: cannot run ${cmd}: ${err.message}`));
    });
    child.once('spawn', () => {
      fs.closeSync(fd);
      fs.writeFileSync(pidFile(c, name), `${child.pid}\n`);
      child.unref();
      resolve(/** @type {number} a spawned child has one */ (child.pid));
    });
  });
}

/**
 * Stop a server we started: `signal` to the process, wait, then SIGKILL its whole process group
 * (nginx workers would otherwise outlive a killed master and keep the port).
 */
export async function stopPid(
  pid,
  { signal = 'SIGTERM', timeoutMs = 30000 } = {},
) {
  if (!isAlive(pid)) return 'not running';
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
  if (
    signal !== 'SIGKILL' &&
    (await waitUntil(() => !isAlive(pid), timeoutMs, 100))
  )
    return 'stopped';
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      /* group or process already gone */
    }
  }
  await waitUntil(() => !isAlive(pid), 5000, 50);
  return signal === 'SIGKILL'
    ? 'killed'
    : `killed after ${Math.round(timeoutMs / 1000)}s`;
}

/** Poll `fn` (sync or async, truthy = done) until it succeeds or the time is up. */
export async function waitUntil(fn, timeoutMs, intervalMs = 250) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await fn()) return true;
    } catch {
      /* not yet */
    }
    if (Date.now() >= end) return false;
    await sleep(intervalMs);
  }
}

/** Last lines of a log, to show with an error. */
export function tail(file, lines = 15) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Wait for a freshly started server: fails early when the process dies, and on timeout, with an
 * error that names the log file (and shows its last lines).
 * @param {string} name
 * @param {{ probe: () => unknown, pid?: number | null, logFile?: string, timeoutMs: number }} options
 */
export async function waitReady(name, { probe, pid, logFile, timeoutMs }) {
  const end = Date.now() + timeoutMs;
  let lastErr;
  for (;;) {
    try {
      if (await probe()) return;
    } catch (e) {
      if (e.fatal) throw e; // e.g. wrong credentials: waiting will not help
      lastErr = e;
    }
    if (pid && !isAlive(pid)) {
      throw new Error(`${name} exited during startup${see(logFile)}`);
    }
    if (Date.now() >= end) {
      const why = lastErr ? ` (last error: ${lastErr.message})` : '';
      throw new Error(
        `${name} not ready after ${Math.round(timeoutMs / 1000)}s${why}${see(logFile)}`,
      );
    }
    await sleep(300);
  }
}

const see = (logFile) =>
  logFile ? `; see ${rel(logFile)}\n${indent(tail(logFile))}` : '';
const indent = (s) => (s ? s.replace(/^/gm, '    | ') : '    | (log is empty)');

/**
 * State of a component the stack runs as a process: `starting` while its pid lives but its port is
 * still closed; a port held by a process the stack did not start is `up` with a note.
 * @param {any} c
 * @param {{ pidName: string, marker?: string, port: number, externalNote?: string }} options
 * @returns {Promise<{ state: 'up' | 'down' | 'starting', pid: number | null, note?: string }>}
 */
export async function processStatus(
  c,
  { pidName, marker, port, externalNote },
) {
  const pid = ourPid(c, pidName, marker);
  const open = await tcpOpen(c.host, port);
  if (pid) return { state: open ? 'up' : 'starting', pid };
  return {
    state: open ? 'up' : 'down',
    pid: null,
    note: open ? externalNote : undefined,
  };
}

/**
 * Stops a component the stack started (`force`: SIGKILL, a crash for fault tests). With `guardPort`,
 * a process on that port which the stack did not start is an error rather than "not running".
 * @param {any} c
 * @param {{ pidName: string, marker?: string, force?: boolean, timeoutMs: number,
 *   guardPort?: number, label?: string }} options
 */
export async function stopProcess(
  c,
  { pidName, marker, force = false, timeoutMs, guardPort, label },
) {
  const pid = ourPid(c, pidName, marker);
  if (pid)
    return stopPid(pid, { signal: force ? 'SIGKILL' : 'SIGTERM', timeoutMs });
  if (guardPort && (await tcpOpen(c.host, guardPort)))
    throw new Error(
      `${label} on port ${guardPort} was not started by the stack; not stopping it`,
    );
  return 'not running';
}

export function tcpOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/**
 * @typedef {{ code: number, signal?: NodeJS.Signals | null, stdout: string, stderr: string,
 *   error?: Error }} RunResult
 */

/**
 * Run a command to completion, capturing output. Never rejects for a non-zero exit.
 * @param {string} cmd @param {string[]} args
 * @param {{ env?: Record<string, string | undefined>, cwd?: string, input?: string,
 *   timeoutMs?: number, ignoreStdout?: boolean }} [options]
 * @returns {Promise<RunResult>}
 */
export function run(
  cmd,
  args,
  { env, cwd, input, timeoutMs, ignoreStdout = false } = {},
) {
  return new Promise((resolve) => {
    /** @type {['pipe', 'ignore' | 'pipe', 'pipe']} */
    const stdio = ['pipe', ignoreStdout ? 'ignore' : 'pipe', 'pipe'];
    const child = spawn(cmd, args, {
      env: { ...process.env, ...env },
      cwd,
      stdio,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    const timer = timeoutMs
      ? setTimeout(() => child.kill('SIGKILL'), timeoutMs)
      : null;
    child.once('error', (err) => {
      if (timer) clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: stderr + err.message, error: err });
    });
    child.once('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

/** Full path of an executable on PATH (plus the sbin dirs, which a non-root PATH often lacks). */
export function which(cmd) {
  const dirs = [
    ...(process.env.PATH || '').split(path.delimiter),
    '/usr/local/sbin',
    '/usr/sbin',
    '/sbin',
  ];
  for (const d of dirs) {
    if (!d) continue;
    const p = path.join(d, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* keep looking */
    }
  }
  return null;
}

export const isRoot = () =>
  typeof process.getuid === 'function' && process.getuid() === 0;

/** Write a file only when its content changes; returns true when it changed. */
export function writeIfChanged(file, content) {
  try {
    if (fs.readFileSync(file, 'utf8') === content) return false;
  } catch {
    /* new file */
  }
  mkdirs(path.dirname(file));
  fs.writeFileSync(file, content);
  return true;
}

/**
 * A Debian package's binary, installed beforehand by the stack's prerequisite step (prereqs.mjs):
 * its path, or an error that says what runs it and how to install it.
 */
export function debianBin(cmd, what) {
  const bin = which(cmd);
  if (!bin)
    throw new Error(
      `${cmd} not found: ${what} runs Debian's ${cmd} (apt-get install -y ${cmd})`,
    );
  return bin;
}
