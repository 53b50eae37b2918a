// The stack as a library: `import { up, down, start, stop, status } from 'tools/stack/lib/index.mjs'`
// (fault tests stop and restart kafka/postgres with it). The CLI is tools/stack/stack.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { getConfig, rel } from './config.mjs';
import { ensureJars } from './deps.mjs';
import { isAlive, mkdirs, sleep } from './proc.mjs';
import { kafka } from './kafka.mjs';
import { s3 } from './s3.mjs';
import { postgres, ownedByStack, allowLocalTrust } from './postgres.mjs';
import { gateway } from './gateway.mjs';
import { prometheus } from './prometheus.mjs';
import { zipkin } from './zipkin.mjs';
import {
  JAR_PROFILES,
  hostProbes,
  installPackages,
  missingPackages,
} from './prereqs.mjs';
import { startTogether } from './together.mjs';

export { getConfig } from './config.mjs';
export { npmModule } from './deps.mjs';
export { s3Client, selfTest as s3SelfTest } from './s3.mjs';
export { renderGatewayConfig } from './gateway.mjs';
export { renderPrometheusConfig } from './prometheus.mjs';
export { zipkinUrls } from './zipkin.mjs';

const components = { postgres, kafka, s3, gateway, prometheus, zipkin };
export const COMPONENTS = Object.keys(components);

/** The components `up` starts and `status` lists: all, minus STACK_PROMETHEUS/STACK_ZIPKIN=false. */
const active = (c) =>
  COMPONENTS.filter(
    (name) =>
      (name !== 'prometheus' || c.prometheus.enabled) &&
      (name !== 'zipkin' || c.zipkin.enabled),
  );

function component(name) {
  const comp = components[name];
  if (!comp)
    throw new Error(
      `unknown component "${name}" (one of: ${COMPONENTS.join(', ')})`,
    );
  return comp;
}

const defaultLog = (name) => (msg) => console.log(`[${name}] ${msg}`);

/**
 * One stack command at a time across processes (two `npm test` runs, or CLI + test): a lock
 * directory holding the owner's pid; a lock left by a dead process is taken over.
 */
let heldInProcess = 0;
async function withLock(c, fn) {
  if (heldInProcess) return fn(); // nested call from up/down in this process
  const dir = path.join(c.dirs.root, 'lock');
  mkdirs(c.dirs.root);
  const end = Date.now() + 10 * 60 * 1000;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8'));
      } catch {
        /* being written or removed */
      }
      if (owner && !isAlive(owner)) {
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > end)
        throw new Error(
          `another stack command holds ${rel(dir)} (pid ${owner}); giving up`,
        );
      if (!told && owner) {
        console.log(`waiting for another stack command (pid ${owner})...`);
        told = true;
      }
      await sleep(200);
    }
  }
  heldInProcess++;
  const release = () => fs.rmSync(dir, { recursive: true, force: true });
  process.once('exit', release); // also when the process exits mid-command (EPIPE, process.exit)
  try {
    return await fn();
  } finally {
    heldInProcess--;
    process.removeListener('exit', release);
    release();
  }
}

/** The Debian packages missing for `names` (+ the tests' own), installed in one apt-get run. */
async function installPrerequisites(c, names, tests, log) {
  const missing = await missingPackages(c, { names, tests }, hostProbes(c));
  const installed = await installPackages(missing, { log });
  // Debian's cluster allows only password logins over TCP; the dev stack connects as postgres.
  if (installed.includes('postgresql')) allowLocalTrust(log);
  return installed;
}

/**
 * Installs what the stack (and with { tests: true }, `npm test`) needs before anything starts;
 * `up` and `start` call it too. Without root it throws with the apt-get command to run.
 */
/** @param {{ tests?: boolean, log?: (line: string) => void }} [options] */
export async function prepare({ tests = false, log } = {}) {
  const c = getConfig();
  return withLock(c, () =>
    installPrerequisites(c, active(c), tests, log ?? defaultLog('setup')),
  );
}

/**
 * Start one component and wait until it is ready. Options: { provision } (topics, bucket + sample,
 * database + migrations; default true), { log } (a function taking a line; default console).
 * @param {string} name
 * @param {{ provision?: boolean, log?: (line: string) => void }} [options]
 */
export async function start(name, { log, ...opts } = {}) {
  const c = getConfig();
  const say = log ?? defaultLog(name);
  return withLock(c, async () => {
    await installPrerequisites(c, [component(name).name], false, say);
    return component(name).start(c, opts, say);
  });
}

/**
 * Stop one component. { force: true } kills it at once (a crash) instead of a clean shutdown.
 * @param {string} name @param {{ force?: boolean }} [opts]
 */
export async function stop(name, opts = {}) {
  const c = getConfig();
  return withLock(c, () => component(name).stop(c, opts));
}

/** [{ component, address, state: 'up'|'down'|'starting', pid, log, note }] */
export async function status() {
  const c = getConfig();
  return Promise.all(
    active(c).map(async (name) => {
      const comp = components[name];
      const s = await comp.status(c);
      const log = s.log !== undefined ? s.log : comp.logFile(c);
      return {
        component: name,
        address: comp.address(c),
        state: s.state,
        pid: s.pid ?? null,
        log: log ? rel(log) : null,
        note: s.note ?? null,
      };
    }),
  );
}

/**
 * Everything up and ready. The missing Debian packages are installed first (one apt-get run), then
 * the jars fetched (one Maven run at a time: two would race on ~/.m2), then the components start
 * in parallel (the JVMs' startups overlap). When one fails, the ones this call started are stopped
 * again and one error lists what failed (`err.failed`). `except` names components left for the
 * caller to start later (npm start opens the gateway only once the services behind it answer).
 * @param {{ log?: (line: string) => void, except?: string[] }} [options]
 */
export async function up({ log, except = [] } = {}) {
  const c = getConfig();
  return withLock(c, async () => {
    const started = Date.now();
    const logger = (name) =>
      log ? (m) => log(`[${name}] ${m}`) : defaultLog(name);
    // Packages for every component, also those started later (`except`): one apt-get run.
    await installPrerequisites(c, active(c), false, logger('setup'));
    const names = active(c).filter((n) => !except.includes(n));
    for (const name of names.filter((n) => JAR_PROFILES[n]))
      await ensureJars(c, JAR_PROFILES[name], logger(name));
    const before = await Promise.all(names.map((n) => components[n].status(c)));
    await startTogether(names, {
      wasUp: new Set(names.filter((_, i) => before[i].state === 'up')),
      start: async (name) => {
        const r = await components[name].start(c, {}, logger(name));
        if (!r.started) logger(name)('already running: ready');
        return r;
      },
      stop: (name) => components[name].stop(c),
      log: log ?? ((m) => console.log(m)),
    });
    return { ms: Date.now() - started };
  });
}

/**
 * Stop what the stack started; an external PostgreSQL (or one it did not start) is left running.
 * @param {{ log?: (line: string) => void }} [options]
 */
export async function down({ log } = {}) {
  const c = getConfig();
  const say = log ?? ((m) => console.log(m));
  return withLock(c, async () => {
    const order = ['zipkin', 'prometheus', 'gateway', 's3', 'kafka'];
    await Promise.all(
      order.map(async (name) => {
        const s = await components[name].status(c);
        if (!s.pid) return;
        say(`[${name}] ${await components[name].stop(c)}`);
      }),
    );
    if (ownedByStack(c)) say(`[postgres] ${await postgres.stop(c)}`);
    else if ((await postgres.status(c)).state === 'up')
      say('[postgres] left running (not started by the stack)');
  });
}

export function formatStatus(rows) {
  const head = ['COMPONENT', 'ADDRESS', 'STATE', 'PID', 'LOG'];
  const data = rows.map((r) =>
    [
      r.component,
      r.address,
      r.state + (r.note ? ` (${r.note})` : ''),
      r.pid ?? '-',
      r.log ?? '-',
    ].map(String),
  );
  const widths = head.map((h, i) =>
    Math.max(h.length, ...data.map((d) => d[i].length)),
  );
  return [head, ...data]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
