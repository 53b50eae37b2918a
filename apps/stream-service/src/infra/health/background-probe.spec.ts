import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BackgroundProbe } from './background-probe';

/** An HTTP endpoint (a stand-in for S3) that answers after `delayMs`, or never with Infinity. */
async function aSlowEndpoint(
  delayMs: number,
): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    if (Number.isFinite(delayMs)) setTimeout(() => res.end('ok'), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    server,
  };
}

const probeOf = (url: string, timeoutMs: number, intervalMs = 60_000) =>
  new BackgroundProbe(
    async () =>
      (await fetch(url)).ok ? { up: true } : { up: false, message: 'not ok' },
    { intervalMs, timeoutMs },
  );

describe('BackgroundProbe', () => {
  const servers: Server[] = [];
  const probes: BackgroundProbe[] = [];
  afterEach(() => {
    probes.splice(0).forEach((p) => p.stop());
    servers.splice(0).forEach((s) => {
      s.closeAllConnections();
      s.close();
    });
  });

  it('answers at once from memory while the dependency takes seconds', async () => {
    const fast = await aSlowEndpoint(0);
    servers.push(fast.server);
    const probe = probeOf(fast.url, 5000, 100);
    probes.push(probe);
    await probe.runOnce();
    expect(probe.reading().up).toBe(true);
    // The dependency now needs 3 s per answer: a reading never waits for it.
    fast.server.removeAllListeners('request');
    fast.server.on('request', (_req, res) =>
      setTimeout(() => res.end('ok'), 3000),
    );
    await new Promise((r) => setTimeout(r, 150)); // a background check is now under way
    const started = performance.now();
    const readings = Array.from({ length: 1000 }, () => probe.reading());
    expect(performance.now() - started).toBeLessThan(50);
    expect(readings.every((r) => r.up)).toBe(true);
  });

  it('reports down when the dependency does not answer within the timeout', async () => {
    const hole = await aSlowEndpoint(Infinity);
    servers.push(hole.server);
    const probe = probeOf(hole.url, 300);
    probes.push(probe);
    const started = Date.now();
    const reading = await probe.runOnce();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(reading).toMatchObject({
      up: false,
      message: 'no answer within 300 ms',
    });
    expect(probe.reading().up).toBe(false);
  });

  it('reports down when the dependency is really gone (connection refused)', async () => {
    const gone = await aSlowEndpoint(0);
    await new Promise((r) => gone.server.close(r));
    const probe = probeOf(gone.url, 1000);
    probes.push(probe);
    expect((await probe.runOnce()).up).toBe(false);
  });

  it('turns down, from up, once the background loop sees the outage', async () => {
    let healthy = true;
    const probe = new BackgroundProbe(
      async () =>
        healthy
          ? { up: true }
          : { up: false, message: 'S3 bucket not reachable' },
      { intervalMs: 50, timeoutMs: 50 },
    );
    probes.push(probe);
    probe.start();
    await new Promise((r) => setTimeout(r, 20));
    expect(probe.reading().up).toBe(true);
    healthy = false;
    await new Promise((r) => setTimeout(r, 200));
    expect(probe.reading()).toMatchObject({
      up: false,
      message: 'S3 bucket not reachable',
    });
  });

  it('does not trust an outcome the stuck loop has not refreshed', async () => {
    const probe = new BackgroundProbe(async () => ({ up: true }), {
      intervalMs: 1000,
      timeoutMs: 500,
    });
    const { at } = await probe.runOnce();
    expect(probe.reading((at as number) + 2000).up).toBe(true);
    expect(probe.reading((at as number) + 3000)).toMatchObject({
      up: false,
      message: 'no probe result for 3000 ms',
    });
  });

  it('is down until the first measurement', () => {
    const probe = new BackgroundProbe(async () => ({ up: true }), {
      intervalMs: 1000,
      timeoutMs: 500,
    });
    expect(probe.reading()).toMatchObject({
      up: false,
      message: 'not probed yet',
    });
  });
});
