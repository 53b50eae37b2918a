// Debian packages the stack and the tests need, installed in ONE apt-get run before anything starts:
// two apt-get runs at once (one per component starting in parallel) die on the dpkg lock.
import fs from 'node:fs';
import path from 'node:path';
import { javaBin } from './deps.mjs';
import { isRoot, run, tcpOpen, which } from './proc.mjs';

/** The browser test launches this exact path (playwright-core ships no browser). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * What the host checks: a command on PATH (`has`), a file (`exists`), an open port, jars already
 * fetched. Tests pass fakes.
 */
export const hostProbes = (c) => ({
  has: (cmd) => Boolean(cmd === 'java' ? javaBin() : which(cmd)),
  exists: (file) => fs.existsSync(file),
  portOpen: (host, port) => tcpOpen(host, port),
  hasJars: (profile) => {
    try {
      const dir = path.join(c.dirs.lib, profile);
      return fs.readdirSync(dir).some((f) => f.endsWith('.jar'));
    } catch {
      return false;
    }
  },
});

/** The components that run from jars, and the Maven profile (tools/stack/pom.xml) of each. */
export const JAR_PROFILES = { kafka: 'kafka', s3: 's3proxy', zipkin: 'zipkin' };

/**
 * [{ pkg, why }] for the components `names` (and, with `tests`, for what `npm test` runs besides
 * the stack), each package once, only when what it provides is missing.
 */
export async function missingPackages(c, { names, tests = false }, probe) {
  const need = new Map();
  const add = (pkg, why) => need.has(pkg) || need.set(pkg, why);
  const want = new Set(names);
  if (want.has('gateway') && !probe.has('nginx')) add('nginx', 'the gateway');
  if (want.has('prometheus') && !probe.has('prometheus'))
    add('prometheus', 'Prometheus');
  if (
    want.has('postgres') &&
    !(await probe.portOpen(c.pg.host, c.pg.port)) &&
    !probe.has('pg_ctlcluster')
  )
    add('postgresql', `PostgreSQL (nothing listens on ${c.pg.port})`);
  const jvm = Object.keys(JAR_PROFILES).filter((n) => want.has(n));
  if (jvm.length && !probe.has('java'))
    add('default-jdk-headless', `Java 17+ for ${jvm.join(', ')}`);
  const fetch = jvm.filter((n) => !probe.hasJars(JAR_PROFILES[n]));
  if (fetch.length && !probe.has('mvn'))
    add('maven', `Maven, to fetch the ${fetch.join(', ')} jars`);
  // Not a stack component, but `npm start` runs the transcode-worker and `npm test` its tests.
  if (!probe.has('ffmpeg') || !probe.has('ffprobe'))
    add('ffmpeg', 'the transcode-worker (ffmpeg and ffprobe)');
  if (tests) {
    if (!probe.exists(CHROMIUM)) add('chromium', "the player's browser test");
    if (!probe.has('promtool')) add('prometheus', 'promtool (offline checks)');
    if (!probe.has('nginx')) add('nginx', 'nginx -t (offline checks)');
    if (!probe.has('docker-compose'))
      add('docker-compose', 'docker-compose config (offline checks)');
    if (!probe.has('mkdocs')) add('mkdocs', 'the docs build (offline checks)');
    if (!probe.has('envsubst'))
      add('gettext-base', 'envsubst (offline checks)');
    // An image may carry another vendor's kubectl; Debian's package would conflict with it.
    if (!probe.has('kubectl'))
      add('kubernetes-client', 'kubectl kustomize (offline checks)');
  }
  return [...need].map(([pkg, why]) => ({ pkg, why }));
}

export const aptCommand = (pkgs) =>
  `apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;

const POLICY = '/usr/sbin/policy-rc.d';

/** The real system: apt-get, and policy-rc.d (exit 101 = "do not start services" for invoke-rc.d). */
export const hostSystem = {
  isRoot,
  hasApt: () => Boolean(which('apt-get')),
  run: (cmd, args, opts) => run(which(cmd) ?? cmd, args, opts),
  listsEmpty: () => {
    try {
      return !fs
        .readdirSync('/var/lib/apt/lists')
        .some((f) => f.endsWith('_Packages') || f.endsWith('_Packages.lz4'));
    } catch {
      return true;
    }
  },
  /** True when we wrote it (an existing policy is someone else's and stays). */
  blockDaemons: () => {
    if (fs.existsSync(POLICY)) return false;
    fs.writeFileSync(POLICY, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
    return true;
  },
  unblockDaemons: () => fs.rmSync(POLICY, { force: true }),
};

/**
 * Installs `missing` ([{ pkg, why }]) with one apt-get run; as non-root, or without apt-get, throws
 * an error holding the exact command. Package daemons (nginx, prometheus, postgresql) are kept from
 * starting: the stack runs its own servers on those ports. Returns the packages installed.
 */
export async function installPackages(missing, { log, system = hostSystem }) {
  if (!missing.length) return [];
  const pkgs = missing.map((m) => m.pkg);
  const list = missing.map((m) => `  ${m.pkg}: ${m.why}`).join('\n');
  if (!system.isRoot() || !system.hasApt()) {
    const how = system.hasApt()
      ? `install them (not being root, this command will not):\n  sudo apt-get update && sudo ${aptCommand(pkgs)}` +
        // Debian starts the package's own Prometheus on the stack's port 9090.
        (pkgs.includes('prometheus')
          ? '\n  sudo systemctl disable --now prometheus'
          : '')
      : `install the equivalent packages of your system (on Debian/Ubuntu: ${aptCommand(pkgs)})`;
    throw new Error(
      `missing Debian packages:\n${list}\n${how}\nthen run this command again`,
    );
  }
  log(`installing Debian packages in one apt-get run:\n${list}`);
  // dpkg needs the sbin folders (ldconfig, start-stop-daemon), which a PATH set for node may lack.
  const env = {
    DEBIAN_FRONTEND: 'noninteractive',
    PATH: [process.env.PATH, '/usr/local/sbin:/usr/sbin:/sbin']
      .filter(Boolean)
      .join(':'),
  };
  // Waits for a dpkg lock held by someone else (another terminal) instead of failing at once.
  const args = [
    '-o',
    'DPkg::Lock::Timeout=600',
    'install',
    '-y',
    '-q',
    '--no-install-recommends',
    ...pkgs,
  ];
  const update = () =>
    system.run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update', '-q'], {
      env,
    });
  const ours = system.blockDaemons();
  const cleanup = () => ours && system.unblockDaemons();
  process.once('exit', cleanup); // Ctrl-C in the middle must not leave daemons blocked for good
  try {
    let updated = false;
    if (system.listsEmpty()) {
      await update(); // a fresh image has no package lists at all
      updated = true;
    }
    let r = await system.run('apt-get', args, { env });
    if (r.code !== 0 && !updated) {
      await update(); // stale lists: the versions they name are gone from the mirror
      r = await system.run('apt-get', args, { env });
    }
    if (r.code !== 0)
      throw new Error(
        `apt-get ${args.join(' ')} failed (exit ${r.code}):\n${(r.stdout + r.stderr).trim().slice(-2000)}`,
      );
  } finally {
    cleanup();
    process.removeListener('exit', cleanup);
  }
  log(`installed ${pkgs.join(' ')}`);
  return pkgs;
}
