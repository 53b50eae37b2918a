#!/usr/bin/env node
// Uploads a local video to stream-service (through the gateway by default), streaming it from
// disk with a progress bar. Plain Node ESM: runs without a build.
//
//   node tools/upload/upload.mjs FILE [--name KEY] [--overwrite] [--url http://localhost:3000] [--token JWT]
//                                     [--single] [--chunk-mib N]
//
// Default: a tus resumable upload (/v1/api/uploads) that resumes where it stopped when the same
// command is run again after Ctrl-C or a dropped connection. --single: one POST /v1/api/video.
//
// Token: --token, else $VIDEO_TOKEN, else the development endpoint
// GET /v1/api/auth/token?userId=cli&scope=video:read%20video:write (off in production).
import { createReadStream, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename, extname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { tusUpload } from './tus-upload.mjs';
import { devUrl } from '#dev-stack';

const USAGE =
  'usage: node tools/upload/upload.mjs FILE [--name KEY] [--overwrite] [--url BASE_URL] [--token JWT] [--single] [--chunk-mib N]';
const TYPES = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/mp4',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
};

function parse(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      overwrite: { type: 'boolean', default: false },
      url: {
        type: 'string',
        default: process.env.VIDEO_API_URL ?? devUrl('gateway'),
      },
      token: { type: 'string' },
      single: { type: 'boolean', default: false },
      'chunk-mib': { type: 'string', default: '64' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) throw new Error(USAGE);
  return { file: positionals[0], ...values };
}

async function obtainToken(base, explicit) {
  const token = explicit ?? process.env.VIDEO_TOKEN;
  if (token) return token;
  const url = new URL('/v1/api/auth/token', base);
  url.searchParams.set('userId', 'cli');
  url.searchParams.set('scope', 'video:read video:write');
  const res = await fetch(url).catch((e) => {
    throw new Error(
      `cannot reach ${url.origin} for a development token (${e.cause?.code ?? e.message}); pass --token or VIDEO_TOKEN`,
    );
  });
  const body =
    /** @type {{ message?: string, access_token?: unknown, accessToken?: unknown, token?: unknown }} */ (
      await res.json().catch(() => ({}))
    );
  if (!res.ok)
    throw new Error(
      `token endpoint answered ${res.status}: ${body.message ?? res.statusText}; pass --token or VIDEO_TOKEN`,
    );
  const found = body.access_token ?? body.accessToken ?? body.token;
  if (typeof found !== 'string')
    throw new Error('token endpoint answered without a token');
  return found;
}

/** POSTs the file as a stream; resolves with the status and parsed JSON body. */
function send(target, file, size, token, onBytes) {
  return new Promise((resolve, reject) => {
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(
      target,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type':
            TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'content-length': String(size),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let body = {};
          try {
            body = JSON.parse(text);
          } catch {
            body = { message: text.trim() };
          }
          resolve({ status: res.statusCode, body });
        });
      },
    );
    // A server refusing early (409, 413) closes while we still write: give its answer a moment to arrive.
    req.on('error', (error) => setTimeout(() => reject(error), 1000).unref());
    const counter = new Transform({
      transform(chunk, _enc, done) {
        onBytes(chunk.length);
        done(null, chunk);
      },
    });
    // The server may answer (413, 409) before the body is sent: that answer wins over EPIPE.
    pipeline(createReadStream(file), counter, req).catch(() => undefined);
  });
}

async function main() {
  const args = parse(process.argv.slice(2));
  const stat = statSync(args.file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new Error(`not a file: ${args.file}`);
  const key = args.name ?? basename(args.file);
  const token = await obtainToken(args.url, args.token);
  if (!args.single) return resumable(args, stat.size, key, token);
  const target = new URL('/v1/api/video', args.url);
  target.searchParams.set('filename', key);
  if (args.overwrite) target.searchParams.set('overwrite', 'true');

  const bar = new cliProgress.SingleBar(
    {
      format: `${key} [{bar}] {percentage}% | {value}/{total} MiB | {speed} MiB/s | ETA {eta}s`,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const mib = (n) => Math.round((n / 1048576) * 10) / 10;
  const started = Date.now();
  let sent = 0;
  bar.start(mib(stat.size), 0, { speed: 0 });
  const { status, body } = await send(
    target,
    args.file,
    stat.size,
    token,
    (n) => {
      sent += n;
      bar.update(mib(sent), {
        speed: mib(sent / Math.max(0.001, (Date.now() - started) / 1000)),
      });
    },
  ).finally(() => bar.stop());

  if (status === 201) {
    console.log(`uploaded ${body.key}: ${body.size} bytes, ETag ${body.etag}`);
    return;
  }
  const hint = status === 409 ? ' (use --overwrite to replace it)' : '';
  throw new Error(
    `upload failed: HTTP ${status} ${body.code ?? ''} ${body.message ?? ''}${hint}`
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** The tus path: a progress bar from the offset the server kept; Ctrl-C leaves it resumable. */
async function resumable(args, size, key, token) {
  const chunkMib = Number(args['chunk-mib']);
  if (!Number.isFinite(chunkMib) || chunkMib < 5)
    throw new Error('--chunk-mib must be at least 5');
  const bar = new cliProgress.SingleBar(
    {
      format: `${key} [{bar}] {percentage}% | {value}/{total} MiB | {speed} MiB/s | {note}`,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const mib = (n) => Math.round((n / 1048576) * 10) / 10;
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  let first;
  const started = Date.now();
  bar.start(mib(size), 0, { speed: 0, note: '' });
  try {
    const done = await tusUpload({
      base: args.url,
      file: args.file,
      size,
      key,
      type:
        TYPES[extname(args.file).toLowerCase()] ?? 'application/octet-stream',
      overwrite: args.overwrite,
      token,
      chunkBytes: chunkMib * 1048576,
      signal: abort.signal,
      onRetry: (_error, attempt) =>
        bar.update({ note: `connection lost, retry ${attempt + 1}` }),
      onProgress: (sent) => {
        first ??= sent;
        const rate =
          (sent - first) / Math.max(0.001, (Date.now() - started) / 1000);
        bar.update(mib(sent), { speed: mib(rate), note: '' });
      },
    });
    bar.stop();
    console.log(
      `uploaded ${key}: ${size} bytes${done.resumed ? ' (resumed)' : ''}`,
    );
  } catch (error) {
    bar.stop();
    if (error.interrupted) {
      console.error(`interrupted: run the same command again to resume ${key}`);
      process.exit(130);
    }
    throw error;
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
