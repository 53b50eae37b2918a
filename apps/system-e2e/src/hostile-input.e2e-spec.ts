import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { GATEWAY, eventually, withDatabase } from './support/stack';
import {
  SERVICES,
  readFrom,
  serviceLog,
  sizeOf,
  type ServiceName,
} from './support/observability';

/**
 * The black-box probe of issue 10 as a test: hostile requests of every class the probe found, sent
 * through the gateway and straight to each service's port. None may answer 5xx; the classes with a
 * defined answer (413, 431, 400 naming the parameter) get exactly it; secrets never reach a log.
 */

type Answer = {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
};

/** A raw HTTP/1.1 request: fetch normalises what a hostile client would not (paths, headers). */
function raw(
  base: string,
  path: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
  } = {},
): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: init.method ?? 'GET',
        headers: init.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.length < 64 && chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(20_000, () =>
      req.destroy(new Error(`timeout: ${init.method ?? 'GET'} ${path}`)),
    );
    req.end(init.body);
  });
}

const direct = (name: ServiceName) => `http://127.0.0.1:${SERVICES[name]}`;

async function token(userId: string, scope = 'video:read') {
  const res = await fetch(
    `${GATEWAY}/v1/api/auth/token?userId=${encodeURIComponent(userId)}&scope=${encodeURIComponent(scope)}`,
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

const bigJson = (bytes: number) =>
  JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(bytes) });

describe('hostile input: no 5xx, precise 4xx', () => {
  const userId = `hostile-${randomUUID()}`;
  let reader: string;
  let logsReader: string;

  beforeAll(async () => {
    reader = await token(userId, 'video:read');
    logsReader = await token(userId, 'logs:read');
  });

  describe('bodies over the limit answer 413 before authentication, on every service', () => {
    const cases: [string, ServiceName, string, string][] = [
      [
        'auth login, JSON',
        'auth-service',
        '/v1/api/auth/login',
        'application/json',
      ],
      [
        'auth register, JSON',
        'auth-service',
        '/v1/api/auth/register',
        'application/json',
      ],
      [
        'auth oauth token, form',
        'auth-service',
        '/v1/api/auth/oauth/token',
        'application/x-www-form-urlencoded',
      ],
      [
        'access logs, JSON',
        'access-log-consumer',
        '/v1/api/access-logs',
        'application/json',
      ],
      [
        'stream playback, JSON',
        'stream-service',
        '/v1/api/video/playback?filename=video-test.mp4',
        'application/json',
      ],
    ];
    it.each(cases)(
      '%s (2 MB, direct and through the gateway)',
      async (_name, service, path, type) => {
        const body =
          type === 'application/json'
            ? bigJson(2_000_000)
            : `grant_type=client_credentials&x=${'a'.repeat(2_000_000)}`;
        for (const base of [direct(service), GATEWAY]) {
          const res = await raw(base, path, {
            method: 'POST',
            headers: { 'content-type': type },
            body,
          });
          // The gateway may refuse first with its own 413; either way a 413, never a 500.
          expect(res.status).toBe(413);
        }
      },
    );

    it('a malformed JSON body answers 400, not 500', async () => {
      const res = await raw(direct('auth-service'), '/v1/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email": "a@example.com", "password": ',
      });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ statusCode: 400 });
    });
  });

  describe('oversized headers answer 431 on every service port', () => {
    it.each(Object.keys(SERVICES) as ServiceName[])('%s', async (service) => {
      for (const [name, size] of [
        ['x-big', 65_536],
        ['cookie', 40_000],
        ['authorization', 20_000],
      ] as const) {
        // fetch, not the raw client: Node's server answers 431 and resets the connection while
        // the rest of the header is still arriving, and only undici reads the answer reliably.
        const res = await fetch(`${direct(service)}/health/live`, {
          headers: { [name]: 'a'.repeat(size) },
        });
        expect([name, res.status]).toEqual([name, 431]);
      }
    });
  });

  describe('access-log filters are validated before PostgreSQL', () => {
    const bad: [string, string][] = [
      ['userId', 'userId=%00'],
      ['userId', 'userId=abc%00def'],
      ['filename', 'filename=%00'],
      ['from', 'from=0000-01-01T00:00:00Z'],
      ['to', 'to=99999-01-01T00:00:00Z'],
      ['from', 'from=not-a-date'],
      ['cursor', 'cursor=%00%01garbage'],
      ['limit', 'limit=-1'],
      ['limit', 'limit=1e309'],
    ];
    it.each(bad)(
      '%s: %s answers 400 naming the parameter',
      async (param, query) => {
        for (const path of [
          `/v1/api/access-logs?${query}`,
          `/v1/api/access-logs/stats?filename=video-test.mp4&${query}`,
        ]) {
          const res = await raw(GATEWAY, path, {
            headers: { authorization: `Bearer ${logsReader}` },
          });
          if (path.includes('/stats') && param !== 'filename') {
            // /stats filters by filename only (time windows come with the analytics issue): its
            // other parameters are ignored or refused, but never a 5xx.
            expect(res.status).toBeLessThan(500);
            continue;
          }
          expect([path, res.status]).toEqual([path, 400]);
          expect(JSON.parse(res.body).message).toEqual(
            expect.stringContaining(param),
          );
        }
      },
    );
  });

  describe('stream-service input', () => {
    const get = (path: string, headers: Record<string, string> = {}) =>
      raw(GATEWAY, path, {
        headers: { authorization: `Bearer ${reader}`, ...headers },
      });

    it.each([
      'djE6AA',
      'djE6AQID',
      '%00',
      'AAAA',
      '____',
      'v1:%00',
      'x'.repeat(5000),
    ])('list cursor %s answers 400', async (cursor) => {
      const res = await get(`/v1/api/videos?cursor=${cursor}`);
      expect(res.status).toBe(400);
    });

    it.each([
      'probe-%ff%fe.mp4',
      'probe-%fe%ff.mp4',
      'probe-%80%80.mp4',
      'probe-%c0%af.mp4',
      'probe-%ed%a0%80.mp4',
      'probe-%e2%82.mp4',
    ])('a filename that is not UTF-8 (%s) answers 400', async (name) => {
      const res = await get(`/v1/api/video?filename=${name}`);
      expect(res.status).toBe(400);
    });

    it('an empty Range value is ignored (200 full), a suffix longer than the object is the whole object (206)', async () => {
      const full = await get('/v1/api/video?filename=video-test.mp4', {
        range: 'bytes=',
      });
      expect(full.status).toBe(200);
      const size = Number(full.headers['content-length']);
      const suffix = await get('/v1/api/video?filename=video-test.mp4', {
        range: `bytes=-${size * 2}`,
      });
      expect(suffix.status).toBe(206);
      expect(suffix.headers['content-range']).toBe(
        `bytes 0-${size - 1}/${size}`,
      );
    });

    it.each(['bearer', 'BEARER', 'Bearer  ', 'bEaReR\t'])(
      'the Authorization scheme "%s" is case-insensitive',
      async (scheme) => {
        const res = await raw(
          GATEWAY,
          '/v1/api/video?filename=video-test.mp4',
          {
            method: 'HEAD',
            headers: { authorization: `${scheme} ${reader}` },
          },
        );
        expect(res.status).toBe(200);
      },
    );

    it('a refused request is recorded in the access log, not dead-lettered', async () => {
      const res = await get('/v1/api/video?filename=');
      expect(res.status).toBe(400);
      const row = await eventually(
        () =>
          withDatabase(async (db) => {
            const { rows } = await db.query<{ status: number }>(
              'SELECT status FROM access_log.access_logs WHERE user_id = $1 AND status = 400',
              [userId],
            );
            return rows[0];
          }),
        20_000,
      );
      expect(row).toEqual({ status: 400 });
    });
  });

  describe('secrets never reach a log, however the key is spelled', () => {
    it('a playback signature with a percent-encoded or repeated key is redacted everywhere', async () => {
      // The MP4's signed URL (its signature is a query key); the HLS grant is checked in logs.e2e.
      const res = await fetch(
        `${GATEWAY}/v1/api/video/playback?filename=video-test.mp4&format=mp4`,
        {
          headers: { authorization: `Bearer ${reader}` },
        },
      );
      expect(res.status).toBe(200);
      const { url } = (await res.json()) as { url: string };
      const signed = new URL(url);
      const sig = signed.searchParams.get('sig')!;
      expect(sig.length).toBeGreaterThan(20);
      const rest = [...signed.searchParams]
        .filter(([k]) => k !== 'sig')
        .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
        .join('&');
      const logs = ['gateway', 'stream-service'] as const;
      const offsets = logs.map((l) => sizeOf(serviceLog(l)));
      const variants = [
        `${rest}&%73ig=${sig}`,
        `${rest}&%53IG=${sig}`,
        `${rest}&sig=${sig}&sig=second`,
        `${rest}&sig=first&sig=${sig}`,
        `${rest}&sig=${sig}&%61ccess_token=${reader}`,
      ];
      for (const query of variants) {
        const answer = await raw(GATEWAY, `${signed.pathname}?${query}`, {
          headers: { range: 'bytes=0-99' },
        });
        expect(answer.status).toBeLessThan(500);
      }
      await new Promise((r) => setTimeout(r, 1500)); // log lines are flushed asynchronously
      logs.forEach((log, i) => {
        const written = readFrom(serviceLog(log), offsets[i]);
        expect(written.length).toBeGreaterThan(0);
        expect([log, written.includes(sig)]).toEqual([log, false]);
        expect([log, written.includes(reader)]).toEqual([log, false]);
      });
    });
  });

  it('a probe of mixed hostile requests gets no 5xx from any service', async () => {
    const nasty = [
      '',
      '%00',
      '%ff',
      '..%2f..%2fetc%2fpasswd',
      '%2e%2e/%2e%2e/',
      'a'.repeat(3000),
      '%e2%80%ae.mp4',
      '\u202e',
      '%0d%0aSet-Cookie:x=1',
      '[]',
      '{}',
      '-1',
      '1e999',
      '%',
      '%zz',
    ];
    const paths = [
      (v: string) => `/v1/api/video?filename=${v}`,
      (v: string) => `/v1/api/video/playback?filename=${v}`,
      (v: string) => `/v1/api/videos?limit=${v}`,
      (v: string) => `/v1/api/videos?cursor=${v}`,
      (v: string) => `/v1/api/access-logs?userId=${v}&filename=${v}`,
      (v: string) => `/v1/api/access-logs?from=${v}&to=${v}`,
      (v: string) => `/v1/api/access-logs/stats?filename=${v}&interval=${v}`,
      (v: string) => `/v1/api/auth/token?userId=${v}&scope=${v}`,
    ];
    const tokens = [reader, logsReader, 'not-a-jwt', ''];
    const fivexx: string[] = [];
    let sent = 0;
    for (const path of paths)
      for (const value of nasty)
        for (const t of tokens.slice(0, 2)) {
          const target = path(encodeURI(value).replace(/%25/g, '%'));
          const res = await raw(GATEWAY, target, {
            headers: t ? { authorization: `Bearer ${t}` } : {},
          });
          sent++;
          if (res.status >= 500) fivexx.push(`${res.status} ${target}`);
        }
    for (const t of tokens)
      for (const method of ['DELETE', 'POST', 'PUT', 'PATCH']) {
        const res = await raw(GATEWAY, '/v1/api/video?filename=%00', {
          method,
          headers: {
            authorization: `Bearer ${t}`,
            'content-type': 'application/json',
          },
          body: '{',
        });
        sent++;
        if (res.status >= 500) fivexx.push(`${res.status} ${method}`);
      }
    expect(sent).toBeGreaterThan(250);
    expect(fivexx).toEqual([]);
  });
});
