import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processComponent } from './component.mjs';

const c = { host: '127.0.0.1', readyTimeoutMs: 1000 };

/**
 * Processes as a test sees them: `running` maps pid names to pids, `busyPorts` are held by
 * someone else; every call is recorded in order in `calls`.
 * @param {{ running?: Record<string, number>, busyPorts?: number[], ready?: boolean }} [options]
 * @returns {import('./component.mjs').Processes & { calls: unknown[][] }}
 */
function fakeProcesses({ running = {}, busyPorts = [], ready = true } = {}) {
  const calls = [];
  let nextPid = 100;
  return {
    calls,
    ourPid: (_c, name) => running[name] ?? null,
    processStatus: async (_c, { pidName, port, externalNote }) =>
      running[pidName]
        ? { state: 'up', pid: running[pidName] }
        : busyPorts.includes(port)
          ? { state: 'up', pid: null, note: externalNote }
          : { state: 'down', pid: null },
    tcpOpen: async (_host, port) =>
      busyPorts.includes(port) || Object.keys(running).length > 0,
    spawnDetached: async (_c, name, cmd, args, opts) => {
      calls.push(['spawn', name, cmd, args, opts.env]);
      running[name] = nextPid++;
      return running[name];
    },
    waitReady: async (name, { probe, pid }) => {
      calls.push(['waitReady', name, pid]);
      if (!ready || !(await probe()))
        throw new Error(`${name} not ready after 1s`);
    },
    stopProcess: async (_c, opts) => {
      calls.push(['stop', opts]);
      return 'stopped';
    },
    sleep: async () => undefined,
    signal: (pid, sig) => void calls.push(['signal', pid, sig]),
  };
}

/**
 * @param {Partial<import('./component.mjs').ComponentSpec>} [overrides]
 * @returns {import('./component.mjs').ComponentSpec}
 */
function spec(overrides = {}) {
  return {
    name: 'thing',
    port: () => 7000,
    portVar: 'THING_PORT',
    logFile: () => '/tmp/thing.log',
    marker: () => '/stack/thing.conf',
    stopTimeoutMs: 5000,
    probe: () => true,
    command: () => ({
      cmd: 'thing',
      args: ['--port', '7000'],
      env: { A: '1' },
    }),
    ...overrides,
  };
}

describe('processComponent', () => {
  it('spawns the server when nothing runs, then waits until it is ready', async () => {
    const proc = fakeProcesses();
    const lines = [];
    const r = await processComponent(spec(), proc).start(c, {}, (l) =>
      lines.push(l),
    );
    assert.deepEqual(r, { started: true });
    assert.deepEqual(proc.calls, [
      ['spawn', 'thing', 'thing', ['--port', '7000'], { A: '1' }],
      ['waitReady', 'thing', 100],
    ]);
    assert.match(lines[0], /^started \(pid 100, log /);
  });

  it('renders its config before spawning and provisions once ready, in that order', async () => {
    const proc = fakeProcesses();
    const order = [];
    const thing = processComponent(
      spec({
        prepare: () => (order.push('prepare'), true),
        command: () => (order.push('command'), { cmd: 'thing', args: [] }),
        probe: () => (order.push('probe'), true),
        provision: async () => void order.push('provision'),
      }),
      proc,
    );
    await thing.start(c);
    assert.deepEqual(order, ['prepare', 'command', 'probe', 'provision']);
  });

  it('skips provisioning when asked to ({ provision: false }, a quick restart in a fault test)', async () => {
    let provisioned = false;
    const thing = processComponent(
      spec({ provision: async () => void (provisioned = true) }),
      fakeProcesses(),
    );
    await thing.start(c, { provision: false });
    assert.equal(provisioned, false);
  });

  it('does not spawn a second server when its own is running: it only waits for it', async () => {
    const proc = fakeProcesses({ running: { thing: 42 } });
    const r = await processComponent(spec(), proc).start(c);
    assert.deepEqual(r, { started: false });
    assert.deepEqual(proc.calls, [['waitReady', 'thing', 42]]);
  });

  it('refuses a port held by another program and names the variable that moves it', async () => {
    const proc = fakeProcesses({ busyPorts: [7000] });
    await assert.rejects(
      processComponent(spec(), proc).start(c),
      /port 7000 is in use by another process: stop it or set THING_PORT/,
    );
    assert.deepEqual(proc.calls, []);
  });

  it('uses an external server on its port when the component allows it, without owning it', async () => {
    const proc = fakeProcesses({ busyPorts: [7000] });
    const lines = [];
    const thing = processComponent(spec({ external: 'broker' }), proc);
    const r = await thing.start(c, {}, (l) => lines.push(l));
    assert.deepEqual(r, { started: false });
    assert.deepEqual(proc.calls, [['waitReady', 'thing', null]]);
    assert.match(lines[0], /using that broker \(not managed by the stack\)/);
    assert.equal((await thing.status(c)).note, 'external, not managed');
  });

  it('reloads a running server (SIGHUP) when its rendered config changed, and only then', async () => {
    const changedProc = fakeProcesses({ running: { thing: 42 } });
    await processComponent(
      spec({ prepare: () => true, reloadSettleMs: 0 }),
      changedProc,
    ).start(c);
    assert.deepEqual(changedProc.calls[0], ['signal', 42, 'SIGHUP']);

    const sameProc = fakeProcesses({ running: { thing: 42 } });
    await processComponent(
      spec({ prepare: () => false, reloadSettleMs: 0 }),
      sameProc,
    ).start(c);
    assert.equal(
      sameProc.calls.some(([what]) => what === 'signal'),
      false,
    );
  });

  it('fails the start when the server never gets ready (the caller then stops it)', async () => {
    const proc = fakeProcesses({ ready: false });
    await assert.rejects(
      processComponent(spec(), proc).start(c),
      /thing not ready after 1s/,
    );
  });

  it('takes its port from the stack config, the variable that moves it from the address book, and caps its wait', async () => {
    const proc = fakeProcesses({ busyPorts: [19092] });
    const waits = [];
    proc.waitReady = async (name, { timeoutMs }) => void waits.push(timeoutMs);
    const cfg = { ...c, kafka: { port: 19092 }, dirs: { logs: '/stack/logs' } };
    const kafkaLike = processComponent(
      {
        name: 'kafka',
        marker: () => 'k',
        probe: () => true,
        command: () => ({ cmd: 'kafka', args: [] }),
        stopTimeoutMs: 1000,
      },
      proc,
    );
    await assert.rejects(kafkaLike.start(cfg), /port 19092 .* set KAFKA_PORT/);
    assert.equal(kafkaLike.logFile(cfg), '/stack/logs/kafka.log');
    assert.equal(kafkaLike.address(cfg), '127.0.0.1:19092');

    const capped = processComponent(spec({ readyCapMs: 300 }), proc);
    await capped.start({ ...c, readyTimeoutMs: 120000 });
    await processComponent(spec(), proc).start({
      ...c,
      readyTimeoutMs: 120000,
    });
    assert.deepEqual(waits, [300, 120000]);
  });

  it('stops by its own pid name and marker, guarding the port when the component says so', async () => {
    const proc = fakeProcesses();
    const thing = processComponent(
      spec({ pidName: 'thingd', guardPort: true, label: 'Thing' }),
      proc,
    );
    assert.equal(await thing.stop(c, { force: true }), 'stopped');
    assert.deepEqual(proc.calls, [
      [
        'stop',
        {
          pidName: 'thingd',
          marker: '/stack/thing.conf',
          force: true,
          timeoutMs: 5000,
          guardPort: 7000,
          label: 'Thing',
        },
      ],
    ]);
    assert.equal(thing.address(c), '127.0.0.1:7000');
  });
});
