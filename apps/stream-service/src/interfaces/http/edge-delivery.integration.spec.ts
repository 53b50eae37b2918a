import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import { startEdgeGateway, type EdgeGateway } from '../../testing/edge-gateway';
import { collectAccessEvents } from '../../testing/kafka-events';
import { anMp4Like, fixtureS3 } from '../../testing/s3-fixtures';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { videoHttpBattery } from '../../testing/video-http-battery';

/** stream-service in edge mode behind a real nginx from docker/gateway/nginx.conf.template. */
function edgeStack(gatewayPort: number, env: Record<string, string>) {
  const stack: { app?: TestApp; gateway?: EdgeGateway } = {};
  beforeAll(async () => {
    const servicePort = gatewayPort + 1;
    stack.gateway = await startEdgeGateway(gatewayPort, servicePort);
    stack.app = await startTestApp({
      PORT: String(servicePort),
      DELIVERY_MODE: 'edge',
      EDGE_LOG_PATH: stack.gateway.logPath,
      EDGE_LOG_POLL_MS: '50',
      ...env,
    });
  });
  afterAll(async () => {
    await stack.app?.close();
    await stack.gateway?.stop();
  });
  return () => ({
    baseUrl: (stack.gateway as EdgeGateway).baseUrl,
    token: (claims?: { sub?: string; scope?: string }) =>
      (stack.app as TestApp).token(claims),
    app: stack.app as TestApp,
    gateway: stack.gateway as EdgeGateway,
  });
}

describe.each([
  ['DELIVERY_MODE=edge', 3210, {}],
  ['DELIVERY_MODE=edge with the slice cache', 3212, { EDGE_CACHE: 'on' }],
])('GET|HEAD /v1/api/video through the gateway, %s', (_mode, port, env) => {
  const stack = edgeStack(port, env);
  videoHttpBattery(stack);

  it('shows the client none of S3 own headers and none of the redirect', async () => {
    const { baseUrl, token } = stack();
    const res = await fetch(`${baseUrl}/v1/api/video?filename=video-test.mp4`, {
      headers: {
        authorization: `Bearer ${await token()}`,
        range: 'bytes=0-99',
      },
    });
    await res.arrayBuffer();
    expect(res.status).toBe(206);
    const names = [...res.headers.keys()];
    expect(names.filter((n) => /^x-(amz|edge|accel)-/.test(n))).toEqual([]);
    expect(res.headers.get('server')).not.toMatch(/S3|Jetty/i);
  });

  it('keeps the gateway connection to the service across redirects (no TCP connect per request)', async () => {
    const { baseUrl, token, app } = stack();
    const server = app.app.getHttpServer() as Server;
    let opened = 0;
    const count = () => opened++;
    server.on('connection', count);
    try {
      const authorization = `Bearer ${await token()}`;
      for (let i = 0; i < 20; i++) {
        const res = await fetch(
          `${baseUrl}/v1/api/video?filename=video-test.mp4`,
          { headers: { authorization, range: `bytes=${i}-${i + 99}` } },
        );
        expect((await res.arrayBuffer()).byteLength).toBe(100);
      }
    } finally {
      server.off('connection', count);
    }
    // One per nginx worker at most, where a redirect without a length cost one per request.
    expect(opened).toBeLessThan(5);
  });
});

describe('edge access records', () => {
  const stack = edgeStack(3214, {});
  const bigKey = `it-edge/${randomUUID()}.mp4`;
  const BIG = 32 * 1024 * 1024;
  let s3: ReturnType<typeof fixtureS3>;

  beforeAll(async () => {
    s3 = fixtureS3(stack().app.config);
    await s3.put(bigKey, anMp4Like(BIG), 'video/mp4');
  });
  afterAll(async () => {
    await s3.remove(bigKey).catch(() => undefined);
    s3.destroy();
  });

  // The trace context rides along in the access context (edge-access.spec.ts); this app runs
  // without the OpenTelemetry SDK, so it has none to give here.
  it('ships one video-accessed event per access with the bytes the client got and the outcome', async () => {
    const { baseUrl, token, gateway } = stack();
    const userId = `it-edge-${randomUUID()}`;
    const events = await collectAccessEvents(userId);
    try {
      const bearer = `Bearer ${await token({ sub: userId })}`;
      const whole = await fetch(`${baseUrl}/v1/api/video?filename=${bigKey}`, {
        headers: { authorization: bearer },
      });
      expect((await whole.arrayBuffer()).byteLength).toBe(BIG);
      const range = await fetch(`${baseUrl}/v1/api/video?filename=${bigKey}`, {
        headers: { authorization: bearer, range: 'bytes=100-1123' },
      });
      expect((await range.arrayBuffer()).byteLength).toBe(1024);
      const received = await abortAfter(
        `${baseUrl}/v1/api/video?filename=${bigKey}`,
        bearer,
        8192,
      );
      const got = await events.waitFor(3);
      const byStatus = (status: number, outcome: string) =>
        got.filter(
          (e) =>
            e.event.request.status === status &&
            e.event.request.outcome === outcome,
        );
      expect(byStatus(200, 'completed')).toHaveLength(1);
      expect(byStatus(200, 'completed')[0].event).toMatchObject({
        videoKey: bigKey,
        request: { method: 'GET', bytesSent: BIG },
      });
      expect(byStatus(206, 'completed')[0].event.request).toMatchObject({
        range: 'bytes=100-1123',
        bytesSent: 1024,
      });
      const aborted = byStatus(200, 'aborted');
      expect(aborted).toHaveLength(1);
      expect(aborted[0].event.request.bytesSent).toBeGreaterThanOrEqual(
        received,
      );
      expect(aborted[0].event.request.bytesSent).toBeLessThan(BIG);
      // The event id is the gateway's access id: the record in the log names it.
      const log = readFileSync(gateway.logPath, 'utf8');
      for (const { event } of got) expect(log).toContain(event.eventId);
    } finally {
      await events.stop();
    }
  });

  it('streams through Node when a request reaches the edge-mode service without the gateway', async () => {
    const { app } = stack();
    const res = await fetch(
      `${app.baseUrl}/v1/api/video?filename=video-test.mp4`,
      {
        headers: { authorization: `Bearer ${await app.token()}` },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-accel-redirect')).toBeNull();
    expect((await res.arrayBuffer()).byteLength).toBe(
      Number(res.headers.get('content-length')),
    );
  });
});

/** Reads at least `bytes` of the body, then drops the connection; resolves with what it read. */
function abortAfter(
  url: string,
  authorization: string,
  bytes: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let read = 0;
    const req = httpRequest(url, { headers: { authorization } }, (res) => {
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= bytes) {
          req.destroy();
          resolve(read);
        }
      });
    });
    req.on('error', (error) => (req.destroyed ? resolve(read) : reject(error)));
    req.end();
  });
}
