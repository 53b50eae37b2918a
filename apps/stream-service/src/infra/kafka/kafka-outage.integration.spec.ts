import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { collectAccessEvents, topicEnd } from '../../testing/kafka-events';
import { startTestApp, type TestApp } from '../../testing/test-app';

const run = promisify(execFile);
const REPO = join(__dirname, '../../../../..');
const stack = (...args: string[]) =>
  run(process.execPath, [join(REPO, 'tools/stack/stack.mjs'), ...args], {
    cwd: REPO,
    timeout: 180_000,
  });

/**
 * The producer's promise: a Kafka outage neither fails nor slows videos, and every access made
 * during it reaches Kafka once the broker is back.
 */
describe('stream-service while Kafka is down', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves every request during a ~20 s outage and delivers all their events after it', async () => {
    const userId = `it-outage-${randomUUID()}`;
    const token = await t.token({ sub: userId });
    const N = 20;
    const slowest: number[] = [];
    const before = await topicEnd();
    await stack('stop', 'kafka');
    try {
      for (let i = 0; i < N; i++) {
        const started = Date.now();
        const res = await fetch(
          `${t.baseUrl}/v1/api/video?filename=video-test.mp4`,
          {
            headers: {
              authorization: `Bearer ${token}`,
              range: `bytes=${i * 100}-${i * 100 + 99}`,
            },
          },
        );
        expect(res.status).toBe(206);
        expect((await res.arrayBuffer()).byteLength).toBe(100);
        slowest.push(Date.now() - started);
        await new Promise((r) => setTimeout(r, 1000));
      }
    } finally {
      await stack('start', 'kafka');
    }
    // Kafka's absence cost the responses nothing noticeable.
    expect(Math.max(...slowest)).toBeLessThan(1000);
    const events = await collectAccessEvents(userId, before);
    try {
      const received = await events.waitFor(N, 90_000);
      expect(received.map((r) => r.event.request.range).sort()).toEqual(
        Array.from(
          { length: N },
          (_, i) => `bytes=${i * 100}-${i * 100 + 99}`,
        ).sort(),
      );
      expect(
        received.every(
          (r) =>
            r.event.request.outcome === 'completed' &&
            r.event.request.bytesSent === 100,
        ),
      ).toBe(true);
    } finally {
      await events.stop();
    }
  }, 240_000);
});
