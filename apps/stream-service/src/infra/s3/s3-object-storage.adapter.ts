import {
  DeleteObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { DomainError } from '@video-streaming/platform';
import type { Histogram } from 'prom-client';
import type { Readable } from 'node:stream';
import { APP_CONFIG, type StreamConfig } from '../../config';
import type {
  ByteRange,
  EdgeSource,
  ObjectStorage,
  StoredVideo,
  StoragePage,
  VideoMetadata,
} from '../../domain/object-storage.port';
import type { VideoKey } from '../../domain/video-key';
import { VideoErrorCode } from '../../domain/video.errors';
import { METRIC } from '../observability/stream.metrics';
import { MetadataCache } from './metadata-cache';
import { mapS3Error } from './s3-error.mapper';
import { S3_CLIENT } from '@video-streaming/s3';
import { S3_AGENTS, type S3Agents } from './s3-client.factory';
import { PresignedRangeReader } from './presigned-range-reader';
import { PresignedUrlCache } from './presigned-url.cache';
import { S3UrlPresigner } from './s3-url-presigner';

/**
 * x-amz-meta-owner: the JWT subject of the uploader. Header values must be ASCII, a subject may
 * not be: stored URI-encoded.
 */
const OWNER_METADATA = 'owner';

function decodeOwner(stored: string | undefined): string | undefined {
  if (!stored) return undefined;
  try {
    return decodeURIComponent(stored);
  } catch {
    return stored;
  }
}

/** 8 MiB parts, 4 in flight: an upload holds at most ~32 MiB in memory whatever the file size. */
const UPLOAD_PART_BYTES = 8 * 1024 * 1024;
const UPLOAD_QUEUE = 4;

@Injectable()
export class S3ObjectStorage implements ObjectStorage, OnApplicationShutdown {
  private readonly bucket: string;
  private readonly cache: MetadataCache;
  private readonly presigner: S3UrlPresigner;
  private readonly reader: PresignedRangeReader;
  private readonly edgeUrls: PresignedUrlCache;

  constructor(
    @Inject(S3_CLIENT) private readonly s3: S3Client,
    @Inject(APP_CONFIG) config: StreamConfig,
    @InjectMetric(METRIC.s3FirstByte)
    private readonly firstByte: Histogram<string>,
    @Inject(S3_AGENTS) agents: S3Agents,
  ) {
    this.bucket = config.S3_BUCKET;
    this.cache = new MetadataCache(config.METADATA_CACHE_TTL_MS);
    this.presigner = new S3UrlPresigner(config);
    this.reader = new PresignedRangeReader(this.presigner, {
      agent: config.S3_ENDPOINT.startsWith('https:')
        ? agents.https
        : agents.http,
      connectTimeoutMs: config.S3_CONNECT_TIMEOUT_MS,
      responseTimeoutMs: config.S3_REQUEST_TIMEOUT_MS,
    });
    // Signed for EDGE_URL_TTL_SECONDS, handed out for half of it: S3 checks it when the gateway connects.
    this.edgeUrls = new PresignedUrlCache(
      this.presigner,
      config.EDGE_URL_TTL_SECONDS / 2,
    );
  }

  async head(key: VideoKey): Promise<VideoMetadata> {
    const cached = this.cache.get(key.value);
    if (cached) return cached;
    const out = await this.timed(
      'head',
      () =>
        this.s3.send(
          new HeadObjectCommand({ Bucket: this.bucket, Key: key.value }),
        ),
      key,
    );
    const video = {
      key: key.value,
      size: out.ContentLength ?? 0,
      etag:
        out.ETag ??
        `"${(out.LastModified ?? new Date(0)).getTime().toString(16)}-${out.ContentLength ?? 0}"`,
      lastModified: out.LastModified ?? new Date(0),
      contentType: out.ContentType,
      owner: decodeOwner(out.Metadata?.[OWNER_METADATA]),
    };
    this.cache.set(key.value, video);
    return video;
  }

  async read(
    key: VideoKey,
    range: ByteRange | undefined,
    signal: AbortSignal,
  ): Promise<Readable> {
    return this.timed(
      'get',
      () =>
        this.reader
          .read(key.value, range, signal)
          .catch((error: { code?: string }) =>
            // A kept-alive socket S3 closed meanwhile fails at once: one retry, as the SDK would.
            error.code === 'ECONNRESET' && !signal.aborted
              ? this.reader.read(key.value, range, signal)
              : Promise.reject(error),
          ),
      key,
    );
  }

  async stat(key: VideoKey): Promise<VideoMetadata | undefined> {
    this.cache.evict(key.value);
    return this.head(key).catch((error: { code?: string }) =>
      error.code === VideoErrorCode.notFound
        ? undefined
        : Promise.reject(error),
    );
  }

  async write(
    key: VideoKey,
    body: Readable,
    meta: { contentType: string; owner: string },
    signal: AbortSignal,
  ): Promise<StoredVideo> {
    const abortController = new AbortController();
    signal.addEventListener('abort', () => abortController.abort(), {
      once: true,
    });
    const upload = new Upload({
      client: this.s3,
      params: {
        Bucket: this.bucket,
        Key: key.value,
        Body: body,
        ContentType: meta.contentType,
        Metadata: { [OWNER_METADATA]: encodeURIComponent(meta.owner) },
      },
      partSize: UPLOAD_PART_BYTES,
      queueSize: UPLOAD_QUEUE,
      leavePartsOnError: false,
      abortController,
    });
    try {
      await upload.done();
    } catch (error) {
      throw mapS3Error(error, key.value);
    } finally {
      this.cache.evict(key.value);
    }
    this.cache.evict(key.value);
    const stored = await this.head(key);
    return { key: stored.key, size: stored.size, etag: stored.etag };
  }

  async remove(key: VideoKey): Promise<void> {
    await this.s3
      .send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key.value }))
      .catch((e: unknown) => Promise.reject(mapS3Error(e, key.value)));
    this.cache.evict(key.value);
  }

  async list(token: string | undefined, limit: number): Promise<StoragePage> {
    const out = await this.s3
      .send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          MaxKeys: limit,
          ContinuationToken: token,
        }),
      )
      .catch((e: { $metadata?: { httpStatusCode?: number } }) =>
        // S3 answers 400 to a continuation token it did not issue.
        Promise.reject(
          e.$metadata?.httpStatusCode === 400
            ? new DomainError(
                VideoErrorCode.invalidListQuery,
                'cursor is not one this service issued',
              )
            : mapS3Error(e),
        ),
      );
    return {
      items: (out.Contents ?? []).map((o) => ({
        key: o.Key ?? '',
        size: o.Size ?? 0,
        etag: o.ETag ?? '',
        lastModified: o.LastModified ?? new Date(0),
      })),
      nextToken:
        out.IsTruncated && out.NextContinuationToken
          ? out.NextContinuationToken
          : null,
    };
  }

  presignRead(key: VideoKey, ttlSeconds: number): Promise<string> {
    return this.presigner.presignGet(key.value, ttlSeconds);
  }

  async edgeSource(key: VideoKey): Promise<EdgeSource> {
    const url = new URL(await this.edgeUrls.urlFor(key.value));
    return { pathAndQuery: `${url.pathname}${url.search}`, host: url.host };
  }

  /** Closes the pool's idle keep-alive sockets so the process can exit promptly. */
  onApplicationShutdown(): void {
    this.s3.destroy();
  }

  isReachable(): Promise<boolean> {
    return this.s3.send(new HeadBucketCommand({ Bucket: this.bucket })).then(
      () => true,
      () => false,
    );
  }

  private async timed<T>(
    operation: string,
    call: () => Promise<T>,
    key: VideoKey,
  ): Promise<T> {
    const end = this.firstByte.startTimer({ operation });
    try {
      return await call();
    } catch (error) {
      throw mapS3Error(error, key.value);
    } finally {
      end();
    }
  }
}
