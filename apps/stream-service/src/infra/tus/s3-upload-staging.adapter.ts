import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type StreamConfig } from '../../config';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
  type StoredVideo,
} from '../../domain/object-storage.port';
import type { UploadStaging } from '../../domain/upload-staging.port';
import type { VideoKey } from '../../domain/video-key';
import { S3_CLIENT } from '@video-streaming/s3';
import { mapS3Error } from '../s3/s3-error.mapper';

/**
 * A completed tus upload becomes a video by a server-side copy (no byte goes through Node),
 * which also records the owner and the sniffed type the way the single-request upload does.
 * CopyObject copies up to 5 GiB in one call; UPLOAD_MAX_BYTES stays below it (ADR 0025). The
 * copy answers only once done (17 s for 2 GiB on S3Proxy here), so it has its own timeout.
 */
@Injectable()
export class S3UploadStaging implements UploadStaging {
  private readonly bucket: string;
  private readonly copyTimeoutMs: number;

  constructor(
    @Inject(S3_CLIENT) private readonly s3: S3Client,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) config: StreamConfig,
  ) {
    this.bucket = config.S3_BUCKET;
    this.copyTimeoutMs = config.UPLOAD_FINISH_TIMEOUT_MS;
  }

  async readHead(uploadId: string, bytes: number): Promise<Buffer> {
    const out = await this.s3
      .send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: uploadId,
          Range: `bytes=0-${bytes - 1}`,
        }),
      )
      .catch((e: unknown) => Promise.reject(mapS3Error(e, uploadId)));
    return Buffer.from((await out.Body?.transformToByteArray()) ?? []);
  }

  async adopt(
    uploadId: string,
    key: VideoKey,
    meta: { contentType: string; owner: string },
  ): Promise<StoredVideo> {
    await this.s3
      .send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: key.value,
          CopySource: `${this.bucket}/${encodeURIComponent(uploadId)}`,
          MetadataDirective: 'REPLACE',
          ContentType: meta.contentType,
          Metadata: { owner: encodeURIComponent(meta.owner) },
        }),
        // The copy answers when it is done: seconds per GiB, not S3_REQUEST_TIMEOUT_MS.
        { requestTimeout: this.copyTimeoutMs },
      )
      .catch((e: unknown) => Promise.reject(mapS3Error(e, key.value)));
    await this.discard(uploadId);
    const stored = await this.storage.stat(key);
    if (!stored)
      throw mapS3Error(
        Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' }),
        key.value,
      );
    return { key: stored.key, size: stored.size, etag: stored.etag };
  }

  async isStaged(uploadId: string): Promise<boolean> {
    return this.s3
      .send(new HeadObjectCommand({ Bucket: this.bucket, Key: uploadId }))
      .then(
        () => true,
        (e: unknown) => {
          const status = (e as { $metadata?: { httpStatusCode?: number } })
            .$metadata?.httpStatusCode;
          if (status === 404) return false;
          return Promise.reject(mapS3Error(e, uploadId));
        },
      );
  }

  async discard(uploadId: string): Promise<void> {
    await this.s3
      .send(new DeleteObjectCommand({ Bucket: this.bucket, Key: uploadId }))
      .catch((e: unknown) => Promise.reject(mapS3Error(e, uploadId)));
  }
}
