import { S3Store, type MetadataValue } from '@tus/s3-store';
import { ERRORS, Upload, type KvStore } from '@tus/utils';
import type { S3ClientConfig } from '@aws-sdk/client-s3';

/** Uploads in progress live under this prefix of the videos bucket (a reserved video-key prefix). */
export const STAGING_PREFIX = '.uploads/';

/**
 * Every replica must read an upload's state from S3, not from what it cached when it served an
 * earlier request of the same upload: no cache.
 */
class NoCache implements KvStore<MetadataValue> {
  get = async (): Promise<undefined> => undefined;
  set = async (): Promise<void> => undefined;
  delete = async (): Promise<void> => undefined;
}

export interface StagedUploadStoreOptions {
  bucket: string;
  partSize: number;
  expiryMs: number;
  s3: S3ClientConfig;
}

/**
 * @tus/s3-store with what this deployment needs (ADR 0025):
 * - completion is recorded in the `.info` object (offset = size), so a HEAD after the upload
 *   finished answers the full offset on S3-compatibles whose ListParts of a completed upload is
 *   empty instead of NoSuchUpload (S3Proxy);
 * - expiry without object tags or ListMultipartUploads (neither is implemented by S3Proxy): the
 *   sweep lists the `.info` objects under the staging prefix and aborts what is older than the expiry.
 */
export class StagedUploadStore extends S3Store {
  constructor(options: StagedUploadStoreOptions) {
    super({
      partSize: options.partSize,
      minPartSize: options.partSize,
      useTags: false,
      cache: new NoCache(),
      expirationPeriodInMilliseconds: options.expiryMs,
      maxConcurrentPartUploads: 4,
      s3ClientConfig: { ...options.s3, bucket: options.bucket },
    });
  }

  protected override async completeMetadata(upload: Upload): Promise<void> {
    const { 'upload-id': uploadId } = await this.getMetadata(upload.id);
    await this.saveMetadata(
      new Upload({ ...upload, offset: upload.size ?? upload.offset }),
      uploadId,
    );
  }

  override async getUpload(id: string): Promise<Upload> {
    const metadata = await this.getMetadata(id).catch(() => undefined);
    const file = metadata?.file;
    if (file && file.size !== undefined && file.offset === file.size)
      return new Upload({ ...file });
    return super.getUpload(id);
  }

  override async deleteExpired(): Promise<number> {
    const expiry = this.getExpiration();
    if (expiry === 0) return 0;
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.client.listObjectsV2({
        Bucket: this.bucket,
        Prefix: STAGING_PREFIX,
        ContinuationToken: token,
      });
      for (const object of page.Contents ?? []) {
        if (!object.Key?.endsWith('.info')) continue;
        const id = object.Key.slice(0, -'.info'.length);
        if (await this.removeIfExpired(id, expiry)) deleted++;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }

  private async removeIfExpired(id: string, expiry: number): Promise<boolean> {
    const metadata = await this.getMetadata(id).catch(() => undefined);
    if (!metadata) return false;
    const created = Date.parse(metadata.file.creation_date ?? '');
    if (!Number.isFinite(created) || Date.now() < created + expiry)
      return false;
    await this.dropUpload(id, metadata['upload-id']);
    return true;
  }

  /** tus termination (DELETE): abort the multipart upload and drop what is staged. */
  override async remove(id: string): Promise<void> {
    const metadata = await this.getMetadata(id).catch(() => undefined);
    if (!metadata) throw ERRORS.FILE_NOT_FOUND;
    await this.dropUpload(id, metadata['upload-id']);
  }

  /**
   * One DeleteObject per key: DeleteObjects needs a body checksum header that S3Proxy refuses
   * (NotImplemented), and an upload has at most three objects.
   */
  private async dropUpload(
    id: string,
    uploadId: string | undefined,
  ): Promise<void> {
    if (uploadId)
      await this.client
        .abortMultipartUpload({
          Bucket: this.bucket,
          Key: id,
          UploadId: uploadId,
        })
        .catch(() => undefined); // already completed or aborted
    for (const key of [id, this.partKey(id, true), this.infoKey(id)])
      await this.client.deleteObject({ Bucket: this.bucket, Key: key });
  }
}
