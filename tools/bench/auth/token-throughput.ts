/**
 * Access tokens issued and verified per second, through the apps' public entry points:
 * auth-service as it runs (the built dist/apps/auth-service/main.js, or the one already answering
 * on AUTH_PORT) issues tokens over HTTP (`GET /v1/api/auth/token`, the dev endpoint: ES256 via
 * jose, key from the file key store), and libs/auth's JwtVerifier (the one stream-service and
 * access-log-consumer use) verifies them in this process against the service's own JWKS.
 *
 *   npx nx run auth-service:build
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/auth/token-throughput.ts [--seconds 5]
 */
import { JwtVerifier } from '@video-streaming/auth';
import type { JSONWebKeySet } from 'jose';
import { devPort, devUrl } from '@video-streaming/dev-stack';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const seconds =
  Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 5;
const repoRoot = join(__dirname, '..', '..', '..');
const base = devUrl('auth-service');

/** Runs `op` back to back for `seconds`, `concurrency` at a time; returns operations per second. */
async function measure(
  name: string,
  op: (i: number) => Promise<unknown>,
  concurrency = 16,
): Promise<number> {
  for (let i = 0; i < 500; i++) await op(i); // warm up the JIT and key caches
  let done = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) await op(done++);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const rate = done / ((performance.now() - started) / 1000);
  console.log(
    `${name.padEnd(40)} ${Math.round(rate).toLocaleString('en-US').padStart(8)} /s  (${done} in ${seconds}s)`,
  );
  return rate;
}

const ready = () =>
  fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(1000) })
    .then((r) => r.ok)
    .catch(() => false);

/** The auth-service answering on AUTH_PORT, or the built one started for the run (null: already up). */
async function authService(keysDir: string): Promise<ChildProcess | null> {
  if (await ready()) return null;
  const main = join(repoRoot, 'dist', 'apps', 'auth-service', 'main.js');
  if (!existsSync(main))
    throw new Error(
      `${main} is missing: run \`npx nx run auth-service:build\``,
    );
  const child = spawn(process.execPath, [main], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(devPort('auth-service')),
      AUTH_KEYS_DIR: keysDir,
      LOG_LEVEL: 'warn',
      OTEL_SDK_DISABLED: 'true',
    },
  });
  for (let waited = 0; !(await ready()); waited += 250) {
    if (child.exitCode !== null || waited > 60_000) {
      child.kill();
      throw new Error(`auth-service did not get ready on ${base}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return child;
}

interface TokenResponse {
  access_token: string;
}

async function issue(userId: string): Promise<string> {
  const res = await fetch(
    `${base}/v1/api/auth/token?userId=${userId}&scope=video:read`,
  );
  if (!res.ok) throw new Error(`token: HTTP ${res.status}`);
  return ((await res.json()) as TokenResponse).access_token;
}

/** iss and aud as the service signs them: the verifier must expect exactly those. */
function claims(token: string): { iss: string; aud: string } {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'auth-bench-keys-'));
  const service = await authService(dir);
  try {
    const jwks = (await (
      await fetch(`${base}/v1/api/auth/.well-known/jwks.json`)
    ).json()) as JSONWebKeySet;
    const { iss, aud } = claims(await issue('bench'));
    // Cold: every verification checks the ECDSA signature. Cached: the default, where a client's
    // repeated requests with one token (a playback's Range requests) hit the verified-token cache.
    const cold = new JwtVerifier({
      issuer: iss,
      audience: aud,
      jwks,
      verifiedTokenCacheSize: 0,
    });
    const cached = new JwtVerifier({ issuer: iss, audience: aud, jwks });
    console.log(
      `node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${seconds}s per measurement, ` +
        `auth-service at ${base} (${service ? 'started for this run' : 'already running'})\n`,
    );
    const issued = await measure('issue (HTTP GET /v1/api/auth/token)', (i) =>
      issue(`user-${i}`),
    );
    const tokens = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => issue(`user-${i}`)),
    );
    const verifiedCold = await measure('verify, signature every time', (i) =>
      cold.verify(tokens[i % tokens.length] ?? ''),
    );
    const verifiedCached = await measure(
      'verify, default cache (1,000 tokens)',
      (i) => cached.verify(tokens[i % tokens.length] ?? ''),
    );
    console.log(
      `\nload average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    // The >= 5,000/s issuing target was set for the issuer called in-process; over HTTP the figure
    // includes HTTP, Nest, logging and metrics and has no target (BENCHMARKS.md, auth section).
    // Verification still runs in this process, against its >= 20,000/s target.
    const verdict = (rate: number) => (rate >= 20000 ? 'met' : 'MISSED');
    console.log(
      `issue over HTTP: ${Math.round(issued).toLocaleString('en-US')} /s, no target (the >= 5,000/s target was for in-process issuing, not comparable)`,
    );
    console.log(
      `targets: verify >= 20,000/s ${verdict(verifiedCold)} cold, ${verdict(verifiedCached)} cached`,
    );
  } finally {
    service?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
