import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { installPackages, missingPackages } from './prereqs.mjs';

const c = { pg: { host: '127.0.0.1', port: 5432 } };
const ALL = ['postgres', 'kafka', 's3', 'gateway', 'prometheus', 'zipkin'];

/**
 * A host that has exactly `commands` (and `files`), PostgreSQL listening or not, no jars yet.
 * @param {{ commands?: string[], files?: string[], pgUp?: boolean, jars?: string[] }} [o]
 */
const host = ({ commands = [], files = [], pgUp = false, jars = [] } = {}) => ({
  has: (cmd) => commands.includes(cmd),
  exists: (file) => files.includes(file),
  portOpen: async () => pgUp,
  hasJars: (profile) => jars.includes(profile),
});

describe('missingPackages', () => {
  it('lists every package a fresh machine needs for the stack, each once', async () => {
    const missing = await missingPackages(c, { names: ALL }, host());
    assert.deepEqual(
      missing.map((m) => m.pkg),
      [
        'nginx',
        'prometheus',
        'postgresql',
        'default-jdk-headless',
        'maven',
        'ffmpeg',
      ],
    );
  });

  it("adds what npm test's own tests run, still once per package", async () => {
    const missing = await missingPackages(
      c,
      { names: ALL, tests: true },
      host(),
    );
    const pkgs = missing.map((m) => m.pkg);
    assert.deepEqual(pkgs, [
      'nginx',
      'prometheus',
      'postgresql',
      'default-jdk-headless',
      'maven',
      'ffmpeg',
      'chromium',
      'docker-compose',
      'mkdocs',
      'gettext-base',
      'kubernetes-client',
    ]);
  });

  it('asks for nothing that is already there', async () => {
    const everything = host({
      commands: [
        'nginx',
        'prometheus',
        'promtool',
        'java',
        'mvn',
        'pg_ctlcluster',
        'docker-compose',
        'mkdocs',
        'envsubst',
        'kubectl',
        'ffmpeg',
        'ffprobe',
      ],
      files: ['/usr/bin/chromium'],
    });
    assert.deepEqual(
      await missingPackages(c, { names: ALL, tests: true }, everything),
      [],
    );
  });

  it('needs no PostgreSQL package when a server already listens, and no Maven once the jars are fetched', async () => {
    const missing = await missingPackages(
      c,
      { names: ALL },
      host({
        commands: ['nginx', 'prometheus', 'java', 'ffmpeg', 'ffprobe'],
        pgUp: true,
        jars: ['kafka', 's3proxy', 'zipkin'],
      }),
    );
    assert.deepEqual(missing, []);
  });

  it('keeps another vendor kubectl: kubernetes-client only when there is none', async () => {
    const withKubectl = host({ commands: ['kubectl'] });
    const pkgs = (
      await missingPackages(c, { names: [], tests: true }, withKubectl)
    ).map((m) => m.pkg);
    assert.ok(!pkgs.includes('kubernetes-client'));
  });

  it('only looks at the components asked for', async () => {
    const missing = await missingPackages(
      c,
      { names: ['gateway'] },
      host({ commands: ['ffmpeg', 'ffprobe'] }),
    );
    assert.deepEqual(
      missing.map((m) => m.pkg),
      ['nginx'],
    );
  });

  it('installs ffmpeg for the transcode-worker whatever the components, when ffprobe is missing too', async () => {
    const pkgs = async (/** @type {string[]} */ commands) =>
      (await missingPackages(c, { names: [] }, host({ commands }))).map(
        (m) => m.pkg,
      );
    assert.deepEqual(await pkgs([]), ['ffmpeg']);
    assert.deepEqual(await pkgs(['ffmpeg']), ['ffmpeg']);
    assert.deepEqual(await pkgs(['ffmpeg', 'ffprobe']), []);
  });
});

/**
 * A fake system: records apt-get runs; `fail` = exit codes of the successive install attempts.
 * @param {{ root?: boolean, apt?: boolean, listsEmpty?: boolean, fail?: number[] }} [o]
 */
function fakeSystem({
  root = true,
  apt = true,
  listsEmpty = false,
  fail = [],
} = {}) {
  /** @type {string[]} */
  const calls = [];
  let installs = 0;
  let policy = false;
  return {
    calls,
    policyDuringInstall: /** @type {boolean[]} */ ([]),
    isRoot: () => root,
    hasApt: () => apt,
    listsEmpty: () => listsEmpty,
    blockDaemons() {
      policy = true;
      return true;
    },
    unblockDaemons() {
      policy = false;
    },
    get policyActive() {
      return policy;
    },
    async run(cmd, args) {
      calls.push([cmd, ...args].join(' '));
      if (args.includes('install')) {
        this.policyDuringInstall.push(policy);
        return { code: fail[installs++] ?? 0, stdout: '', stderr: 'E: boom' };
      }
      return { code: 0, stdout: '', stderr: '' };
    },
  };
}
const log = () => undefined;
const missing = [
  { pkg: 'nginx', why: 'the gateway' },
  { pkg: 'prometheus', why: 'Prometheus' },
  { pkg: 'chromium', why: 'the browser test' },
];

describe('installPackages', () => {
  it('installs everything with one apt-get run, daemons blocked, no update when lists exist', async () => {
    const system = fakeSystem();
    assert.deepEqual(await installPackages(missing, { log, system }), [
      'nginx',
      'prometheus',
      'chromium',
    ]);
    assert.equal(system.calls.length, 1);
    assert.match(
      system.calls[0],
      /^apt-get .*install -y -q --no-install-recommends nginx prometheus chromium$/,
    );
    assert.deepEqual(system.policyDuringInstall, [true]);
    assert.equal(system.policyActive, false, 'policy-rc.d removed afterwards');
  });

  it('updates the package lists first on a fresh image', async () => {
    const system = fakeSystem({ listsEmpty: true });
    await installPackages(missing, { log, system });
    assert.deepEqual(
      system.calls.map((c) => (c.includes(' update') ? 'update' : 'install')),
      ['update', 'install'],
    );
  });

  it('updates and retries once when the install fails on stale lists', async () => {
    const system = fakeSystem({ fail: [100, 0] });
    await installPackages(missing, { log, system });
    assert.deepEqual(
      system.calls.map((c) => (c.includes(' update') ? 'update' : 'install')),
      ['install', 'update', 'install'],
    );
  });

  it('fails with apt-get output when the retry fails too, and unblocks daemons', async () => {
    const system = fakeSystem({ fail: [100, 100] });
    await assert.rejects(
      installPackages(missing, { log, system }),
      /failed \(exit 100\):\nE: boom/,
    );
    assert.equal(system.policyActive, false);
  });

  it('as non-root, runs nothing and says the exact command', async () => {
    const system = fakeSystem({ root: false });
    await assert.rejects(
      installPackages(missing, { log, system }),
      (/** @type {Error} */ e) =>
        e.message.includes(
          'sudo apt-get update && sudo apt-get install -y --no-install-recommends nginx prometheus chromium',
        ) && e.message.includes('chromium: the browser test'),
    );
    assert.deepEqual(system.calls, []);
  });

  it('does nothing when nothing is missing', async () => {
    const system = fakeSystem({ root: false });
    assert.deepEqual(await installPackages([], { log, system }), []);
    assert.deepEqual(system.calls, []);
  });
});
