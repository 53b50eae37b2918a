import {
  request as httpRequest,
  type Agent,
  type IncomingMessage,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ByteRange } from '../../domain/object-storage.port';
import { PresignedUrlCache } from './presigned-url.cache';
import type { S3UrlPresigner } from './s3-url-presigner';

export interface RangeReaderOptions {
  agent: Agent;
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  /** How long a presigned URL is reused; it is signed for twice as long. */
  urlReuseSeconds?: number;
}

/**
 * The hot path of streaming: GET one object (or one range of it) with a cached presigned URL,
 * straight on the S3 client's connection pool. Measured in BENCHMARKS.md: the SDK's middleware
 * stack and per-request SigV4 signing cost several CPU milliseconds per request, which on a busy
 * machine became most of the service's time to first byte. Range is not a signed header of a
 * presigned URL, so one URL per key serves every range. Errors are shaped like the SDK's
 * ($metadata.httpStatusCode, code, name) so mapS3Error stays the one place that maps them.
 */
export class PresignedRangeReader {
  private readonly urls: PresignedUrlCache;

  constructor(
    presigner: S3UrlPresigner,
    private readonly options: RangeReaderOptions,
  ) {
    this.urls = new PresignedUrlCache(
      presigner,
      options.urlReuseSeconds ?? 600,
    );
  }

  async read(
    key: string,
    range: ByteRange | undefined,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    const url = await this.urls.urlFor(key);
    const response = await this.get(url, range, signal);
    const status = response.statusCode ?? 0;
    if (status === 200 || status === 206) return response;
    response.resume();
    // A URL S3 no longer accepts (clock skew, rotated keys) is not cached past this failure.
    if (status === 403) this.urls.forget(key);
    throw Object.assign(new Error(`S3 answered ${status} for GET`), {
      name: status === 404 ? 'NoSuchKey' : 'S3HttpError',
      $metadata: { httpStatusCode: status },
    });
  }

  private get(
    url: string,
    range: ByteRange | undefined,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(url, {
        agent: this.options.agent,
        headers: range ? { range: `bytes=${range.start}-${range.end}` } : {},
        signal,
      });
      const fail = (name: string, code: string) =>
        req.destroy(Object.assign(new Error(`S3 ${code}`), { name, code }));
      // Bounded waits for the connection and for the response headers; the body may take as long as the client.
      const headers = setTimeout(
        () => fail('TimeoutError', 'ETIMEDOUT'),
        this.options.responseTimeoutMs,
      );
      req.once('socket', (socket) => {
        if (!socket.connecting) return;
        const connect = setTimeout(
          () => fail('TimeoutError', 'ETIMEDOUT'),
          this.options.connectTimeoutMs,
        );
        socket.once('connect', () => clearTimeout(connect));
        socket.once('close', () => clearTimeout(connect));
      });
      req.once('response', (res) => {
        clearTimeout(headers);
        resolve(res);
      });
      req.once('error', (error) => {
        clearTimeout(headers);
        reject(error);
      });
      req.end();
    });
  }
}
