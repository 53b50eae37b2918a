/**
 * Access tokens issued and verified per second in one process, through the real code paths:
 * auth-service's AccessTokenIssuer (ES256 via jose, key from the file key store) and
 * libs/auth's JwtVerifier (the one stream-service and access-log-consumer use).
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/auth/token-throughput.ts [--seconds 5]
 */
import 'reflect-metadata';
import { Counter } from 'prom-client';
import { Logger } from '@nestjs/common';
import { JwtVerifier } from '../../../libs/auth/src';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessTokenIssuer } from '../../../apps/auth-service/src/application/access-token/access-token.issuer';
import { loadAuthConfig } from '../../../apps/auth-service/src/config';
import { FileKeyStore } from '../../../apps/auth-service/src/infra/keys/file-key-store.adapter';

const seconds =
  Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 5;

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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'auth-bench-keys-'));
  try {
    const config = loadAuthConfig({ AUTH_KEYS_DIR: dir });
    Logger.overrideLogger(['warn', 'error']);
    const keys = new FileKeyStore({
      dir,
      generateIfMissing: true,
      reloadSeconds: 10,
      retainSeconds: 960,
    });
    await keys.onModuleInit();
    const issuer = new AccessTokenIssuer(
      keys,
      config,
      new Counter({
        name: 'bench_tokens_issued_total',
        help: 'bench',
        labelNames: ['grant'],
      }),
    );
    const jwks = { keys: await keys.publicKeys() };
    // Cold: every verification checks the ECDSA signature. Cached: the default, where a client's
    // repeated requests with one token (a playback's Range requests) hit the verified-token cache.
    const cold = new JwtVerifier({
      issuer: config.issuer,
      audience: config.audience,
      jwks,
      verifiedTokenCacheSize: 0,
    });
    const cached = new JwtVerifier({
      issuer: config.issuer,
      audience: config.audience,
      jwks,
    });
    console.log(
      `node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${seconds}s per measurement, one process\n`,
    );
    const issued = await measure('issue (AccessTokenIssuer, ES256)', (i) =>
      issuer.issue(`user-${i}`, ['video:read'], 'dev'),
    );
    const tokens = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        issuer
          .issue(`user-${i}`, ['video:read'], 'dev')
          .then((t) => t.access_token),
      ),
    );
    const verifiedCold = await measure('verify, signature every time', (i) =>
      cold.verify(tokens[i % tokens.length]),
    );
    const verifiedCached = await measure(
      'verify, default cache (1,000 tokens)',
      (i) => cached.verify(tokens[i % tokens.length]),
    );
    console.log(
      `\nload average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `targets: issue >= 5,000/s ${issued >= 5000 ? 'met' : 'MISSED'}; verify >= 20,000/s ${verifiedCold >= 20000 ? 'met' : 'MISSED'} cold, ${verifiedCached >= 20000 ? 'met' : 'MISSED'} cached`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
