// What the stream benchmark runs against: the object in S3, a JWKS + token, stream-service processes
// (dist build), the project's gateway template rendered into throwaway nginx instances, and nginx
// serving the same file from disk. Loopback only; ports from BENCH_PORT_BASE (default 3250).
import {
  S3Client,
  PutObjectCommand,
  HeadObjectCommand,
  DeleteObjectCommand,
} from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { devS3 } from '#dev-stack';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../../../..');
const env = (name, def) => process.env[name] ?? def;
export const S3 = {
  ...devS3(),
  region: env('S3_REGION', 'us-east-1'),
  bucket: env('S3_BUCKET', 'videos'),
};
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Sha256 {
  constructor(secret) {
    this.h = secret
      ? createHmac('sha256', Buffer.from(secret))
      : createHash('sha256');
  }
  update(d) {
    this.h.update(d);
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

export const s3Client = () =>
  new S3Client({
    endpoint: S3.endpoint,
    region: S3.region,
    credentials: S3,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

/** A deterministic MP4-like object of `bytes`, in S3 under `key` and on disk at `file`. */
export async function ensureObject(key, bytes, file) {
  const body = Buffer.alloc(bytes);
  let seed = createHash('sha256').update(key).digest();
  for (let i = 0; i < bytes; i += 32) {
    seed = createHash('sha256').update(seed).digest();
    seed.copy(body, i);
  }
  Buffer.from('000000186674797069736f6d', 'hex').copy(body, 0);
  if (file) writeFileSync(file, body, { mode: 0o644 });
  const s3 = s3Client();
  const head = await s3
    .send(new HeadObjectCommand({ Bucket: S3.bucket, Key: key }))
    .catch(() => undefined);
  if (head?.ContentLength !== bytes)
    await s3.send(
      new PutObjectCommand({
        Bucket: S3.bucket,
        Key: key,
        Body: body,
        ContentType: 'video/mp4',
      }),
    );
  s3.destroy();
}

export async function removeObject(key) {
  const s3 = s3Client();
  await s3
    .send(new DeleteObjectCommand({ Bucket: S3.bucket, Key: key }))
    .catch(() => undefined);
  s3.destroy();
}

export async function presign(key) {
  const u = new URL(S3.endpoint);
  const signer = new SignatureV4({
    service: 's3',
    region: S3.region,
    credentials: S3,
    sha256: Sha256,
    uriEscapePath: false,
  });
  const p = `/${S3.bucket}/${key}`;
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: u.protocol,
      hostname: u.hostname,
      port: Number(u.port),
      path: p,
      query: {},
      headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    },
    { expiresIn: 3600 },
  );
  return `${u.origin}${p}?${new URLSearchParams(/** @type {Record<string, string>} */ (signed.query))}`;
}

export async function startAuth(port) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwks = {
    keys: [
      {
        ...(await exportJWK(publicKey)),
        kid: 'bench',
        alg: 'ES256',
        use: 'sig',
      },
    ],
  };
  const server = http
    .createServer((_, res) => res.end(JSON.stringify(jwks)))
    .listen(port, '127.0.0.1');
  const token = await new SignJWT({ scope: 'video:read' })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
    .setSubject('bench')
    .setIssuer('video-streaming-auth')
    .setAudience('video-streaming')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    token,
    close: () => server.close(),
  };
}

export async function waitHttp(url, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (
      await fetch(url).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return;
    await sleep(100);
  }
  throw new Error(`${url} did not come up`);
}

/** A built app (dist/apps/<name>/main.js) as a child process; restart() after a kill('SIGKILL'). */
export function appProcess(name, port, extraEnv) {
  const main = path.join(repo, `dist/apps/${name}/main.js`);
  let child;
  const start = async () => {
    child = spawn(process.execPath, [main], {
      cwd: repo,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
        OTEL_SDK_DISABLED: 'true',
        ...extraEnv,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitHttp(`http://127.0.0.1:${port}/health/live`, 60_000);
    return handle;
  };
  const handle = {
    base: `http://127.0.0.1:${port}`,
    get pid() {
      return child.pid;
    },
    start,
    kill: (/** @type {NodeJS.Signals} */ signal = 'SIGTERM') =>
      /** @type {Promise<void>} */ (
        new Promise((resolve) => {
          if (!child || child.exitCode !== null || child.signalCode)
            return resolve();
          child.once('exit', resolve);
          child.kill(signal);
        })
      ),
  };
  return handle;
}

/** nginx from a template with ${NAME} placeholders, in its own prefix directory. */
export async function startNginx(template, vars, probePath) {
  const prefix = mkdtempSync(path.join(tmpdir(), 'bench-nginx-'));
  chmodSync(prefix, 0o777);
  const value = (n) =>
    typeof vars[n] === 'function' ? vars[n](prefix) : vars[n];
  const conf = readFileSync(template, 'utf8').replace(
    /\$\{([A-Z0-9_]+)\}/g,
    (whole, n) => value(n) ?? whole,
  );
  writeFileSync(path.join(prefix, 'nginx.conf'), conf);
  const child = spawn(
    'nginx',
    [
      '-e',
      'stderr',
      '-p',
      `${prefix}/`,
      '-c',
      'nginx.conf',
      '-g',
      'daemon off;',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await waitHttp(
    `http://127.0.0.1:${vars.GATEWAY_PORT ?? vars.BENCH_NGINX_PORT}${probePath}`,
  );
  return {
    prefix,
    base: `http://127.0.0.1:${vars.GATEWAY_PORT ?? vars.BENCH_NGINX_PORT}`,
    stop: () =>
      /** @type {Promise<void>} */ (
        new Promise((resolve) => {
          child.once('exit', () => {
            rmSync(prefix, { recursive: true, force: true });
            resolve();
          });
          child.kill('SIGTERM');
        })
      ),
  };
}

/** The project's gateway (docker/gateway/nginx.conf.template) in front of a stream-service port. */
export function startGateway(port, streamPort) {
  const template = path.join(repo, 'docker/gateway/nginx.conf.template');
  const s3 = new URL(S3.endpoint);
  return startNginx(
    template,
    {
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(port),
      AUTH_UPSTREAM: '127.0.0.1:9',
      STREAM_UPSTREAM: `127.0.0.1:${streamPort}`,
      ACCESS_LOG_UPSTREAM: '127.0.0.1:9',
      S3_UPSTREAM: s3.host,
      S3_SCHEME: s3.protocol.replace(':', ''),
      EDGE_LOG_PATH: (prefix) => `${prefix}/edge-completions.log`,
      EDGE_CACHE_PATH: (prefix) => `${prefix}/edge-cache`,
      EDGE_CACHE_MAX_SIZE: '2g',
    },
    '/v1/api/__probe',
  );
}
