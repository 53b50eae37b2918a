import { Inject, Injectable } from '@nestjs/common';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
  type StoredVideo,
} from '../../domain/object-storage.port';
import {
  UPLOAD_STAGING,
  type UploadStaging,
} from '../../domain/upload-staging.port';
import {
  CONTAINER_CONTENT_TYPES,
  CONTAINER_SNIFF_BYTES,
  detectVideoContainer,
} from '../../domain/video-container';
import {
  VIDEO_LIFECYCLE_PUBLISHER,
  type VideoLifecyclePublisher,
} from '../../domain/video-lifecycle-publisher.port';
import { VideoKey } from '../../domain/video-key';
import { assertMayWrite } from '../upload-video/assert-may-write';
import { unsupportedType } from '../upload-video/upload-guards';
import { UPLOAD_OWNER_METADATA } from './start-resumable-upload.use-case';

export interface FinishedUpload {
  uploadId: string;
  metadata: Record<string, string | null | undefined>;
  /** Whether the finishing request's principal holds video:admin. */
  finishedByAdmin: boolean;
}

/**
 * Turns a completed tus upload into a video: the bytes are sniffed again (the authoritative check:
 * the streaming sniff only sees uploads that start at offset 0 in one request), the overwrite and
 * ownership rules are checked again (another upload may have taken the name meanwhile), then the
 * object is adopted under its key and `video-uploaded` announced.
 */
@Injectable()
export class FinishResumableUploadUseCase {
  constructor(
    @Inject(UPLOAD_STAGING) private readonly staging: UploadStaging,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(VIDEO_LIFECYCLE_PUBLISHER)
    private readonly lifecycle: VideoLifecyclePublisher,
  ) {}

  /**
   * For an upload whose bytes are all there: finishes it again when its finish failed after the
   * last byte (e.g. the copy timed out), so that a client's retry (HEAD) makes the video instead of
   * seeing the full offset and reporting a success that made nothing. No-op once adopted.
   */
  async finishIfLeftUnfinished(
    upload: FinishedUpload,
  ): Promise<StoredVideo | undefined> {
    if (!(await this.staging.isStaged(upload.uploadId))) return undefined;
    return this.execute(upload);
  }

  async execute(upload: FinishedUpload): Promise<StoredVideo> {
    const key = VideoKey.parse(upload.metadata['filename']);
    const owner = upload.metadata[UPLOAD_OWNER_METADATA] ?? '';
    const container = detectVideoContainer(
      await this.staging.readHead(upload.uploadId, CONTAINER_SNIFF_BYTES),
    );
    if (!container) {
      await this.staging.discard(upload.uploadId);
      throw unsupportedType(
        'the file does not start with an MP4 ftyp box or an EBML header',
      );
    }
    try {
      await assertMayWrite(
        this.storage,
        key,
        upload.metadata['overwrite'] === 'true',
        {
          userId: owner,
          isAdmin: upload.finishedByAdmin,
        },
      );
    } catch (error) {
      await this.staging.discard(upload.uploadId);
      throw error;
    }
    const contentType = CONTAINER_CONTENT_TYPES[container];
    const stored = await this.staging.adopt(upload.uploadId, key, {
      contentType,
      owner,
    });
    await this.lifecycle.announceUploaded({
      videoKey: stored.key,
      sourceKey: stored.key,
      etag: stored.etag,
      sizeBytes: stored.size,
      contentType,
      uploadedBy: owner,
      uploadProtocol: 'tus',
    });
    return stored;
  }
}
