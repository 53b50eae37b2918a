import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../../testing/test-app';

/** A port that accepts connections and never answers: S3 hanging, not refusing. */
async function aBlackHole(): Promise<{ port: number; server: Server }> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

async function aClosedPort(): Promise<number> {
  const { port, server } = await aBlackHole();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('when S3 cannot be reached', () => {
  it.each([
    [
      'refuses connections',
      async () => ({
        endpoint: `http://127.0.0.1:${await aClosedPort()}`,
        stop: () => undefined,
      }),
    ],
    [
      'accepts but never answers',
      async () => {
        const hole = await aBlackHole();
        return {
          endpoint: `http://127.0.0.1:${hole.port}`,
          stop: () => hole.server.close(),
        };
      },
    ],
  ])(
    'answers 503 with Retry-After quickly when S3 %s',
    async (_case, arrange) => {
      const s3 = await arrange();
      let t: TestApp | undefined;
      try {
        t = await startTestApp({
          S3_ENDPOINT: s3.endpoint,
          S3_REQUEST_TIMEOUT_MS: '800',
          S3_CONNECT_TIMEOUT_MS: '500',
        });
        const started = Date.now();
        const res = await fetch(
          `${t.baseUrl}/v1/api/video?filename=video-test.mp4`,
          { headers: { authorization: `Bearer ${await t.token()}` } },
        );
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(await res.json()).toMatchObject({
          statusCode: 503,
          code: 'STORAGE_UNAVAILABLE',
        });
        expect(Date.now() - started).toBeLessThan(4000);
        // Readiness reads the background probe's last result: fast even while S3 hangs.
        for (let i = 0; i < 5; i++) {
          const asked = performance.now();
          const ready = await fetch(`${t.baseUrl}/health/ready`);
          expect(performance.now() - asked).toBeLessThan(300);
          expect(ready.status).toBe(503);
          expect(JSON.stringify(await ready.json())).toContain('s3');
        }
      } finally {
        await t?.close();
        s3.stop();
      }
    },
  );
});
