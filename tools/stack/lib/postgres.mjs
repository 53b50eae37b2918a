// PostgreSQL: reuse whatever already listens on PGPORT; otherwise start (or install, as root)
// Debian's cluster with pg_ctlcluster. A cluster the stack did not start is never stopped by `down`.
import fs from 'node:fs';
import path from 'node:path';
import { npmModule } from './deps.mjs';
import {
  isAlive,
  mkdirs,
  run,
  tcpOpen,
  waitReady,
  waitUntil,
  which,
} from './proc.mjs';
import { migrate } from './migrate.mjs';

/** Debian clusters (pg_lsclusters), or [] when Debian's postgresql-common is not installed. */
async function clusters() {
  if (!which('pg_lsclusters')) return [];
  const r = await run('pg_lsclusters', ['--json']);
  if (r.code !== 0) return [];
  try {
    return JSON.parse(r.stdout).map((x) => ({
      version: String(x.version),
      name: x.cluster,
      port: Number(x.port),
      running: Boolean(x.running),
      logFile: x.logfile,
      pidFile:
        x.config?.external_pid_file ||
        (x.pgdata && path.join(x.pgdata, 'postmaster.pid')),
    }));
  } catch {
    return [];
  }
}
const clusterOnPort = async (c) =>
  (await clusters()).find((x) => x.port === c.pg.port);

/** Who owns the server: {owned:true} only when the stack itself started it (then `down` stops it). */
const recordFile = (c) => path.join(c.dirs.pids, 'postgres.json');
function readRecord(c) {
  try {
    return JSON.parse(fs.readFileSync(recordFile(c), 'utf8'));
  } catch {
    return null;
  }
}
function writeRecord(c, rec) {
  mkdirs(c.dirs.pids);
  fs.writeFileSync(recordFile(c), JSON.stringify(rec) + '\n');
}
export function ownedByStack(c) {
  return readRecord(c)?.owned === true;
}

function client(c, database = 'postgres') {
  const { Client } = npmModule('pg');
  return new Client({
    host: c.pg.host,
    port: c.pg.port,
    user: c.pg.user,
    database,
    connectionTimeoutMillis: 3000,
  });
}

/** Connect and SELECT 1. An authentication failure is not "not ready": it gets its own clear error. */
async function ping(c) {
  const db = client(c);
  try {
    await db.connect();
    await db.query('SELECT 1');
    return true;
  } catch (e) {
    if (
      e.code === '28P01' ||
      e.code === '28000' ||
      /password/i.test(e.message)
    ) {
      const err = /** @type {Error & { fatal?: boolean }} */ (
        new Error(
          `PostgreSQL on ${c.pg.host}:${c.pg.port} refused user ${c.pg.user} (${e.message}): allow trust auth for 127.0.0.1 in pg_hba.conf or set PGPASSWORD`,
        )
      );
      err.fatal = true; // waitReady stops waiting: a retry will not help
      throw err;
    }
    throw e;
  } finally {
    await db.end().catch(() => undefined);
  }
}

async function ensureDatabase(c, log) {
  const db = client(c);
  try {
    await db.connect();
    const { rowCount } = await db.query(
      'SELECT 1 FROM pg_database WHERE datname = $1',
      [c.pg.database],
    );
    if (!rowCount) {
      await db.query(`CREATE DATABASE "${c.pg.database.replace(/"/g, '""')}"`);
      log(`created database ${c.pg.database}`);
    }
  } finally {
    await db.end().catch(() => undefined);
  }
}

/**
 * Debian installs the cluster with password auth on TCP; a dev stack connects as postgres over
 * 127.0.0.1. Called by the prerequisite step right after it installed the postgresql package.
 */
export function allowLocalTrust(log) {
  for (const cl of fs.readdirSync('/etc/postgresql')) {
    const hba = path.join('/etc/postgresql', cl, 'main', 'pg_hba.conf');
    if (!fs.existsSync(hba)) continue;
    const text = fs.readFileSync(hba, 'utf8');
    if (text.includes('# added by tools/stack')) continue;
    const lines =
      '# added by tools/stack (dev only): trust loopback TCP\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n';
    fs.writeFileSync(hba, lines + text);
    log(`allowed trust auth on loopback in ${hba}`);
  }
}

async function pgctl(cl, action, extra = []) {
  return run('pg_ctlcluster', [
    '--skip-systemctl-redirect',
    ...extra,
    cl.version,
    cl.name,
    action,
  ]);
}

export const postgres = {
  name: 'postgres',
  address: (c) => `${c.pg.host}:${c.pg.port}`,
  logFile: () => null,

  async status(c) {
    const open = await tcpOpen(c.pg.host, c.pg.port);
    const cl = await clusterOnPort(c);
    let pid = null;
    if (cl?.pidFile) {
      try {
        pid =
          Number(fs.readFileSync(cl.pidFile, 'utf8').split('\n')[0]) || null;
      } catch {
        /* not running or unreadable */
      }
      if (!isAlive(pid)) pid = null;
    }
    const who = cl ? `cluster ${cl.version}/${cl.name}` : 'external';
    const note =
      open && !ownedByStack(c)
        ? `${who}, not stopped by down`
        : cl
          ? `${who}, started by the stack`
          : undefined;
    return { state: open ? 'up' : 'down', pid, note, log: cl?.logFile ?? null };
  },

  /**
   * provision: create the database and apply Prisma migrations (off for quick fault-test restarts).
   * @param {any} c @param {{ provision?: boolean }} [opts] @param {import('./component.mjs').Log} [log]
   */
  async start(c, { provision = true } = {}, log = () => undefined) {
    let started = false;
    if (!(await tcpOpen(c.pg.host, c.pg.port))) {
      // Debian's package, when it was missing, was installed by the prerequisite step (prereqs.mjs).
      const cl = await clusterOnPort(c);
      if (!cl) {
        const list =
          (await clusters())
            .map((x) => `${x.version}/${x.name}:${x.port}`)
            .join(', ') || 'none';
        throw new Error(
          `no PostgreSQL on ${c.pg.host}:${c.pg.port} and no Debian cluster on that port (clusters: ${list}); start one or set PGPORT`,
        );
      }
      if (!(await tcpOpen(c.pg.host, c.pg.port))) {
        const r = await pgctl(cl, 'start');
        if (r.code !== 0 && !/already running/i.test(r.stdout + r.stderr)) {
          throw new Error(
            `pg_ctlcluster ${cl.version} ${cl.name} start failed; see ${cl.logFile}\n${(r.stdout + r.stderr).trim()}`,
          );
        }
        started = true;
        log(`started cluster ${cl.version}/${cl.name} (log ${cl.logFile})`);
      }
      // Ownership is decided once: a cluster that was running before the stack stays "external" even
      // after a fault test stopped and restarted it.
      if (!readRecord(c))
        writeRecord(c, { cluster: `${cl.version}/${cl.name}`, owned: true });
    } else if (!readRecord(c)) {
      const cl = await clusterOnPort(c);
      writeRecord(c, {
        cluster: cl ? `${cl.version}/${cl.name}` : 'external',
        owned: false,
      });
    }
    const logFile = (await clusterOnPort(c))?.logFile ?? null;
    await waitReady('postgres', {
      probe: () => ping(c),
      logFile,
      timeoutMs: c.readyTimeoutMs,
    });
    if (provision) {
      await ensureDatabase(c, log);
      await migrate(c, log);
    }
    return { started };
  },

  /** Stops the Debian cluster on PGPORT (also one the stack did not start: fault tests need that). */
  async stop(c, { force = false } = {}) {
    const cl = await clusterOnPort(c);
    if (!cl) {
      if (await tcpOpen(c.pg.host, c.pg.port))
        throw new Error(
          `PostgreSQL on port ${c.pg.port} is not a Debian cluster; the stack cannot stop it`,
        );
      return 'not running';
    }
    if (!(await tcpOpen(c.pg.host, c.pg.port)) && !cl.running)
      return 'not running';
    const r = await pgctl(cl, 'stop', ['-m', force ? 'immediate' : 'fast']);
    if (r.code !== 0 && !/not running/i.test(r.stdout + r.stderr)) {
      throw new Error(
        `pg_ctlcluster ${cl.version} ${cl.name} stop failed; see ${cl.logFile}\n${(r.stdout + r.stderr).trim()}`,
      );
    }
    await waitUntil(
      async () => !(await tcpOpen(c.pg.host, c.pg.port)),
      15000,
      100,
    );
    return 'stopped';
  },
};
