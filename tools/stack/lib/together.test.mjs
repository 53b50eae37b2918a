import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTogether } from './together.mjs';

/**
 * Components that start (or fail) after a moment and record what was stopped.
 * @param {{ failing?: string[] }} [o]
 */
function fakeStack({ failing = [] } = {}) {
  /** @type {Set<string>} */
  const running = new Set();
  /** @type {string[]} */
  const stopped = [];
  return {
    running,
    stopped,
    async start(name) {
      await new Promise((r) => setTimeout(r, 5));
      running.add(name); // a failing one also leaves its process behind, like a JVM not ready in time
      if (failing.includes(name))
        throw new Error(`${name} not ready after 120s`);
      return { started: true };
    },
    async stop(name) {
      stopped.push(name);
      return running.delete(name) ? 'stopped' : 'not running';
    },
  };
}
const names = ['postgres', 'kafka', 's3', 'gateway', 'prometheus', 'zipkin'];
const log = () => undefined;

describe('startTogether', () => {
  it('starts every component and stops none when all are ready', async () => {
    const stack = fakeStack();
    await startTogether(names, { wasUp: new Set(), ...stack, log });
    assert.deepEqual([...stack.running].sort(), [...names].sort());
    assert.deepEqual(stack.stopped, []);
  });

  it('on a failure stops what this call started, including the failed one, and says what failed', async () => {
    const stack = fakeStack({ failing: ['prometheus'] });
    await assert.rejects(
      startTogether(names, { wasUp: new Set(), ...stack, log }),
      (/** @type {Error & { failed?: string[] }} */ e) => {
        assert.deepEqual(e.failed, ['prometheus']);
        assert.match(
          e.message,
          /^prometheus failed to start:\nprometheus: prometheus not ready after 120s/,
        );
        assert.match(
          e.message,
          /stopped again what this run had started: zipkin, prometheus, gateway, s3, kafka, postgres/,
        );
        return true;
      },
    );
    assert.equal(stack.running.size, 0, 'nothing left running');
  });

  it('leaves alone what was already up before the call', async () => {
    const stack = fakeStack({ failing: ['gateway'] });
    stack.running.add('postgres');
    stack.running.add('kafka');
    await assert.rejects(
      startTogether(names, {
        wasUp: new Set(['postgres', 'kafka']),
        ...stack,
        log,
      }),
    );
    assert.deepEqual([...stack.running].sort(), ['kafka', 'postgres']);
    assert.ok(
      !stack.stopped.includes('postgres') && !stack.stopped.includes('kafka'),
    );
  });

  it('reports a component it could not stop instead of hiding it', async () => {
    const stack = fakeStack({ failing: ['s3'] });
    const stop = async (name) => {
      if (name === 'kafka')
        throw new Error('port 9092 was not started by the stack');
      return stack.stop(name);
    };
    await assert.rejects(
      startTogether(names, { wasUp: new Set(), start: stack.start, stop, log }),
      /kafka: could not be stopped after the failure: port 9092/,
    );
  });
});
