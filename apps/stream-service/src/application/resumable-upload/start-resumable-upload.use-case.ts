import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@video-streaming/platform';
import { APP_CONFIG, type StreamConfig } from '../../config';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
} from '../../domain/object-storage.port';
import type { Actor } from '../../domain/video-ownership';
import { VideoErrorCode } from '../../domain/video.errors';
import { assertMayWrite } from '../upload-video/assert-may-write';
import {
  acceptUploadCreation,
  type UploadCreationRequest,
} from './upload-creation.rules';

/** Upload-Metadata keys this service adds to an upload it accepted (never taken from the client). */
export const UPLOAD_OWNER_METADATA = 'owner';

/**
 * Decides whether a tus upload may be created, before any byte is stored: the rules of
 * upload-creation.rules plus the overwrite/ownership rules of the single-request upload. Returns
 * the metadata to keep with the upload, the owner included.
 */
@Injectable()
export class StartResumableUploadUseCase {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: StreamConfig,
  ) {}

  async execute(
    request: UploadCreationRequest,
    actor: Actor,
  ): Promise<Record<string, string>> {
    const accepted = acceptUploadCreation(
      request,
      this.config.UPLOAD_MAX_BYTES,
    );
    await assertMayWrite(this.storage, accepted.key, accepted.overwrite, actor);
    const kept: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.metadata))
      if (typeof value === 'string' && name !== UPLOAD_OWNER_METADATA)
        kept[name] = value;
    kept[UPLOAD_OWNER_METADATA] = actor.userId;
    return kept;
  }
}

/** Only the user who created an upload (or an admin) may resume, inspect or cancel it. */
export function assertOwnsUpload(
  metadata: Record<string, string | null | undefined>,
  actor: Actor,
): void {
  if (actor.isAdmin || metadata[UPLOAD_OWNER_METADATA] === actor.userId) return;
  throw new DomainError(
    VideoErrorCode.uploadNotOwned,
    'This upload belongs to another user',
  );
}
