import { randomBytes, randomUUID } from 'node:crypto';
import { GATEWAY, eventually } from '../support/stack';
import {
  gatewayLine,
  jsonLogLines,
  readFrom,
  serviceLog,
  sizeOf,
  sleep,
} from '../support/observability';

/**
 * The secrets of one user session (password, access and refresh tokens, a playback URL's
 * signature) go through every service and the gateway; afterwards no log file contains them, and
 * the services' lines carry the trace id the gateway logged.
 */
describe('structured logs', () => {
  const email = `e2e-logs-${randomUUID()}@example.com`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const requestId = `e2e-logs-${randomUUID()}`;
  const secrets: Record<string, string> = { password };
  const files = [
    'auth-service',
    'stream-service',
    'access-log-consumer',
    'gateway',
  ] as const;
  // The log files outlive runs: only what this spec's traffic wrote is judged.
  const offsets = new Map<string, number>();
  const written = (name: (typeof files)[number]) =>
    readFrom(serviceLog(name), offsets.get(name) ?? 0);

  beforeAll(async () => {
    for (const name of files) offsets.set(name, sizeOf(serviceLog(name)));
    const json = async (res: Response) =>
      (await res.json()) as Record<string, string>;
    const post = (path: string, body: unknown) =>
      fetch(`${GATEWAY}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    expect(
      (await post('/v1/api/auth/register', { email, password })).status,
    ).toBe(202);
    const login = await post('/v1/api/auth/login', { email, password });
    expect(login.status).toBe(200);
    const session = await json(login);
    secrets['login access token'] = session['access_token']!;
    secrets['refresh token'] = session['refresh_token']!;
    // A wrong password is logged as a failed request, never with the password it carried.
    expect(
      (
        await post('/v1/api/auth/login', {
          email,
          password: `${password}-wrong`,
        })
      ).status,
    ).toBe(401);

    const dev = await fetch(
      `${GATEWAY}/v1/api/auth/token?userId=e2e-logs-${randomUUID()}`,
    );
    expect(dev.status).toBe(200);
    const token = (await json(dev))['access_token']!;
    secrets['dev access token'] = token;
    const auth = { authorization: `Bearer ${token}` };

    const video = await fetch(
      `${GATEWAY}/v1/api/video?filename=video-test.mp4`,
      {
        headers: { ...auth, range: 'bytes=0-1023', 'x-request-id': requestId },
      },
    );
    expect(video.status).toBe(206);
    await video.arrayBuffer();

    const playback = await fetch(
      `${GATEWAY}/v1/api/video/playback?filename=video-test.mp4`,
      { headers: auth },
    );
    expect(playback.status).toBe(200);
    const url = new URL((await json(playback))['url']!);
    // Once the sample has renditions the URL is HLS, its grant a path segment (ADR 0026).
    const grant = /\/v1\/api\/video\/hls\/([^/]+)\//.exec(url.pathname)?.[1];
    const sig =
      url.searchParams.get('sig') ??
      url.searchParams.get('X-Amz-Signature') ??
      grant;
    expect(sig).toBeTruthy();
    secrets['playback signature'] = sig!;
    if (grant) {
      const master = await fetch(`${GATEWAY}${url.pathname}`);
      expect(master.status).toBe(200);
      await master.arrayBuffer();
    }
    if (url.searchParams.has('sig')) {
      const signed = await fetch(`${GATEWAY}${url.pathname}${url.search}`, {
        headers: { range: 'bytes=0-99' },
      });
      expect(signed.status).toBe(206);
      await signed.arrayBuffer();
    }
    await sleep(1_000); // the services write their request lines when the responses close
  });

  it.each(['auth-service', 'stream-service', 'gateway'] as const)(
    '%s logged the requests it served',
    (name) => {
      expect(written(name).split('\n').length).toBeGreaterThan(2);
    },
  );

  it.each(files)(
    '%s.log contains no password, token or URL signature',
    (name) => {
      const text = written(name);
      const leaked = Object.entries(secrets)
        .filter(([, value]) => text.includes(value))
        .map(([what]) => what);
      expect(leaked).toEqual([]);
    },
  );

  it('logs no sig= value anywhere, only its redaction', () => {
    for (const name of files) {
      const values = [...written(name).matchAll(/[?&]sig=([^&"\s]*)/g)].map(
        (m) => m[1],
      );
      expect(
        values.filter((v) => v !== '[Redacted]' && v !== '%5BRedacted%5D'),
      ).toEqual([]);
    }
  });

  it("writes stream-service's line of a request as JSON with the gateway's trace id and request id", async () => {
    const traceId = String(gatewayLine(requestId)?.['trace_id']);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const line = await eventually(async () =>
      jsonLogLines(serviceLog('stream-service')).find(
        (l) =>
          l['request_id'] === requestId ||
          (l['req'] as { id?: string } | undefined)?.id === requestId,
      ),
    );
    expect(line).toEqual(
      expect.objectContaining({
        trace_id: traceId,
        span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
        request_id: requestId,
      }),
    );
  });
});
