import request from 'supertest';
import { authOptionsFromEnv, JwtVerifier } from '@video-streaming/auth';
import { decodeProtectedHeader } from 'jose';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authCli } from '../../testing/auth-cli';
import { aTestApp, type TestApp } from '../../testing/test-app';
import { generateKeyFile } from './key-files';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const kidOf = (token: string) => decodeProtectedHeader(token).kid;

describe('signing-key rotation with `auth-cli rotate-keys`, seen by a verifier over real HTTP', () => {
  let t: TestApp;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    t = await aTestApp({ AUTH_KEYS_RELOAD_SECONDS: '1' });
    await t.app.listen(0, '127.0.0.1');
    const jwksUrl =
      `${await t.app.getUrl()}/v1/api/auth/.well-known/jwks.json`.replace(
        '[::1]',
        '127.0.0.1',
      );
    verifier = new JwtVerifier({
      issuer: 'video-streaming-auth',
      audience: 'video-streaming',
      jwksUrl,
      jwksCooldownSeconds: 1,
    });
  });
  afterAll(() => t.close());

  const devToken = async (userId: string) =>
    (
      await request(t.http)
        .get(`/v1/api/auth/token?userId=${userId}`)
        .expect(200)
    ).body.access_token as string;

  it('publishes the new key before it signs, then signs with it while old tokens keep verifying', async () => {
    const before = await devToken('before');
    await expect(verifier.verify(before)).resolves.toMatchObject({
      userId: 'before',
    });

    const out = await authCli(['rotate-keys', '--activate-in', '3'], {
      AUTH_KEYS_DIR: t.keysDir,
    });
    const newKid = /new signing key ([^\s,]+)/.exec(out)?.[1];
    await sleep(1200); // the service re-reads the directory every second here

    const jwks = (
      await request(t.http)
        .get('/v1/api/auth/.well-known/jwks.json')
        .expect(200)
    ).body;
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual([
      kidOf(before),
      newKid,
    ]);
    // Not active yet: verifiers get time to see it before any token carries it.
    expect(kidOf(await devToken('waiting'))).toBe(kidOf(before));

    await sleep(3000);
    const after = await devToken('after');
    expect(kidOf(after)).toBe(newKid);
    await expect(verifier.verify(after)).resolves.toMatchObject({
      userId: 'after',
    });
    await expect(verifier.verify(before)).resolves.toMatchObject({
      userId: 'before',
    });
  });

  it('exports the same keys as a static JWKS (AUTH_JWKS) that verifies the tokens', async () => {
    const jwks = JSON.parse(
      await authCli(['export-jwks'], { AUTH_KEYS_DIR: t.keysDir }),
    );
    const published = (
      await request(t.http)
        .get('/v1/api/auth/.well-known/jwks.json')
        .expect(200)
    ).body;
    expect(jwks).toEqual(published);
    const staticVerifier = new JwtVerifier(
      authOptionsFromEnv({ AUTH_JWKS: JSON.stringify(jwks) }),
    );
    await expect(
      staticVerifier.verify(await devToken('static')),
    ).resolves.toMatchObject({ userId: 'static' });
  });
});

describe('auth-cli rotate-keys pruning', () => {
  it('deletes keys retired longer than the token TTL + skew ago and keeps the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-keys-prune-'));
    try {
      const hour = 3600_000;
      const ancient = await generateKeyFile(
        dir,
        new Date(Date.now() - 3 * hour),
      ); // retired 2 h ago
      const recent = await generateKeyFile(
        dir,
        new Date(Date.now() - 2 * hour),
      ); // retired 10 min ago
      const current = await generateKeyFile(
        dir,
        new Date(Date.now() - 10 * 60_000),
      );
      const out = await authCli(['rotate-keys'], {
        AUTH_KEYS_DIR: dir,
        ACCESS_TOKEN_TTL_SECONDS: '900',
        AUTH_CLOCK_SKEW_SECONDS: '60',
      });
      const kids = readdirSync(dir).map((n) => n.replace(/\.pem$/, ''));
      expect(out).toContain(`pruned ${ancient}`);
      expect(kids).not.toContain(ancient);
      // `recent` signed until 10 minutes ago: its tokens live up to 15 minutes, so it stays.
      expect(kids).toEqual(expect.arrayContaining([recent, current]));
      expect(kids).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
