import type { StoredVideo } from './object-storage.port';
import type { VideoKey } from './video-key';

/**
 * Where resumable uploads are assembled (S3 multipart under a staging prefix) before they become
 * a video. Ids are the tus upload ids.
 */
export interface UploadStaging {
  /** The first `bytes` of a completed upload, to sniff its container. */
  readHead(uploadId: string, bytes: number): Promise<Buffer>;
  /** Makes a completed upload the video `key` (owner and type recorded) and drops the staging copy. */
  adopt(
    uploadId: string,
    key: VideoKey,
    meta: { contentType: string; owner: string },
  ): Promise<StoredVideo>;
  /** Whether the upload's bytes are still staged: complete and not yet adopted (or discarded). */
  isStaged(uploadId: string): Promise<boolean>;
  /** Drops a completed upload that was refused. */
  discard(uploadId: string): Promise<void>;
}
export const UPLOAD_STAGING = Symbol('UPLOAD_STAGING');
