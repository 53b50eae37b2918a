/**
 * Test support for the services started with `bootstrapService` (`@video-streaming/platform/testing`):
 * the battery of hostile requests every service refuses the same way, before any handler or
 * authentication, with a JSON 4xx and never a 500. Each app's http-hardening spec starts the app as
 * main.ts does, calls `itRefusesHostileRequests` inside its describe, and keeps its own cases.
 */
import { expect, it } from '@jest/globals';
import { ConfigError } from '@video-streaming/core';

export interface HostileRequestTarget {
  /** `http://127.0.0.1:<port>` of the started app (read once its beforeAll has run). */
  baseUrl: () => string;
  /** A path to POST the bodies to: the parsers refuse them before routing and guards. */
  postPath: string;
  /** A path to GET with oversized headers. */
  getPath: string;
  /** A route behind a bearer token, and a token it accepts: the scheme's case does not matter. */
  authenticated?: { path: string; token: () => Promise<string> };
}

const twoMegabytes = 'x'.repeat(2_000_000);

export function itRefusesHostileRequests(target: HostileRequestTarget): void {
  const url = (path: string) => `${target.baseUrl()}${path}`;

  it.each([
    ['a 2 MB JSON body', 413, 'application/json', `{"a":"${twoMegabytes}"}`],
    [
      'a 2 MB form',
      413,
      'application/x-www-form-urlencoded',
      `a=${twoMegabytes}`,
    ],
    ['malformed JSON', 400, 'application/json', '{"a":'],
    ['an unknown charset', 415, 'application/json; charset=klingon', '{}'],
  ] as const)('refuses %s with a JSON %d', async (_, status, type, body) => {
    const res = await fetch(url(target.postPath), {
      method: 'POST',
      headers: { 'Content-Type': type },
      body,
    });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
    });
  });

  it.each(['X-Big', 'Cookie', 'Authorization'])(
    'answers a 64 KiB %s header with 431',
    async (name) => {
      const res = await fetch(url(target.getPath), {
        headers: { [name]: 'a'.repeat(65_536) },
      });
      expect(res.status).toBe(431);
    },
  );

  const authenticated = target.authenticated;
  if (!authenticated) return;

  it.each(['bearer', 'BEARER', 'Bearer  '])(
    'serves a token after "%s"',
    async (scheme) => {
      const res = await fetch(url(authenticated.path), {
        headers: { Authorization: `${scheme} ${await authenticated.token()}` },
      });
      expect(res.status).toBe(200);
    },
  );

  it('answers a Bearer without a token with a JSON 401', async () => {
    const res = await fetch(url(authenticated.path), {
      headers: { Authorization: 'Bearer' },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ statusCode: 401 });
  });
}

/**
 * Expects reading the configuration to be refused with one ConfigError that names every variable
 * of `names` at once (an operator fixes them all in one go), for each app's config.spec.ts.
 */
export function expectConfigRefused(read: () => unknown, names: string[]) {
  let error: unknown;
  try {
    read();
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(ConfigError);
  for (const name of names) expect((error as Error).message).toContain(name);
}
