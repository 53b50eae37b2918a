// Resumable upload over tus 1.0 (POST/HEAD/PATCH /v1/api/uploads, ADR 0025) with tus-js-client.
// The upload URL is stored per file (path, size, mtime, endpoint) in a small JSON file, so the
// same command after Ctrl-C or a dropped connection resumes from the offset the server kept.
import { mkdirSync, createReadStream } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import tus from 'tus-js-client';

/**
 * The Node build's file-backed URL storage: exported by tus-js-client's node entry point, absent
 * from its typings (lib/index.d.ts declares the browser API only).
 * @type {new (path: string) => NonNullable<import('tus-js-client').UploadOptions['urlStorage']>}
 */
const FileUrlStorage = /** @type {any} */ (tus).FileUrlStorage;

/** Where upload URLs are kept between runs ($VIDEO_UPLOAD_STATE, else the user's cache directory). */
export function stateFile() {
  if (process.env.VIDEO_UPLOAD_STATE) return process.env.VIDEO_UPLOAD_STATE;
  const dir = join(
    process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
    'video-streaming',
  );
  mkdirSync(dir, { recursive: true });
  return join(dir, 'tus-uploads.json');
}

/**
 * Uploads `file` as `key`; resolves with { resumedFrom } once the server has every byte.
 * `onProgress(sent, total)`; `signal` aborts without terminating (the upload stays resumable).
 * @param {{ base: string, file: string, size: number, key: string, type: string,
 *   overwrite?: boolean, token: string, chunkBytes: number,
 *   onProgress?: (sent: number, total: number) => void,
 *   onRetry?: (error: Error, attempt: number) => void, signal?: AbortSignal }} options
 * @returns {Promise<{ resumed: boolean, url: string | null }>}
 */
export async function tusUpload({
  base,
  file,
  size,
  key,
  type,
  overwrite,
  token,
  chunkBytes,
  onProgress,
  onRetry,
  signal,
}) {
  const upload = new tus.Upload(createReadStream(file), {
    endpoint: new URL('/v1/api/uploads', base).toString(),
    uploadSize: size,
    chunkSize: chunkBytes,
    headers: { authorization: `Bearer ${token}` },
    metadata: {
      filename: key,
      filetype: type,
      ...(overwrite ? { overwrite: 'true' } : {}),
    },
    urlStorage: new FileUrlStorage(stateFile()),
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    // A dropped connection or a restarting replica: retry with backoff, from the server's offset.
    retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000],
    onShouldRetry: (error, attempt) => {
      const status = error.originalResponse?.getStatus();
      // 4xx other than 409 (offset mismatch), 423 (locked) and 429 will not change by retrying.
      const retry =
        !status || status >= 500 || [409, 423, 429].includes(status);
      if (retry) onRetry?.(error, attempt);
      return retry;
    },
    onProgress,
  });
  const previous = await upload.findPreviousUploads();
  const resumedFrom = previous.length > 0 ? previous[0] : undefined;
  if (resumedFrom) upload.resumeFromPreviousUpload(resumedFrom);
  return new Promise((resolve, reject) => {
    const stop = () => {
      void upload
        .abort(false)
        .then(() =>
          reject(
            Object.assign(new Error('interrupted'), { interrupted: true }),
          ),
        );
    };
    signal?.addEventListener('abort', stop, { once: true });
    upload.options.onSuccess = () =>
      resolve({ resumed: Boolean(resumedFrom), url: upload.url });
    upload.options.onError = (error) => reject(describe(error));
    upload.start();
  });
}

/**
 * The server's JSON error ({ code, message }) when there is one, else the client's message.
 * @param {Error & { originalResponse?: import('tus-js-client').HttpResponse | null }} error
 */
function describe(error) {
  const res = error.originalResponse;
  if (!res) return error;
  /** @type {{ code?: string, message?: string }} */
  let body = {};
  try {
    body = JSON.parse(res.getBody() ?? '{}');
  } catch {
    body = { message: res.getBody() };
  }
  const hint =
    body.code === 'VIDEO_ALREADY_EXISTS'
      ? ' (use --overwrite to replace it)'
      : '';
  return new Error(
    `upload failed: HTTP ${res.getStatus()} ${body.code ?? ''} ${body.message ?? ''}${hint}`
      .replace(/\s+/g, ' ')
      .trim(),
  );
}
