import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@video-streaming/platform';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { APP_CONFIG, type StreamConfig } from '../../config';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
  type StoredVideo,
} from '../../domain/object-storage.port';
import {
  CONTAINER_CONTENT_TYPES,
  type VideoContainer,
} from '../../domain/video-container';
import {
  VIDEO_LIFECYCLE_PUBLISHER,
  type VideoLifecyclePublisher,
} from '../../domain/video-lifecycle-publisher.port';
import type { VideoKey } from '../../domain/video-key';
import type { Actor } from '../../domain/video-ownership';
import { assertMayWrite } from './assert-may-write';
import {
  byteLimit,
  containerSniffer,
  tooLarge,
  unsupportedType,
} from './upload-guards';

export interface UploadVideoCommand {
  key: VideoKey;
  body: Readable;
  declaredLength: number | undefined;
  declaredType: string | undefined;
  overwrite: boolean;
  actor: Actor;
  signal: AbortSignal;
}

/** Declared types we let through to the byte check; anything else is refused up front. */
export const ACCEPTED_DECLARED_TYPES = new Set([
  'video/mp4',
  'video/webm',
  'video/x-matroska',
  'application/octet-stream',
]);

/** Streams a video into the bucket (multipart), within the size limit, if its bytes are a video. */
@Injectable()
export class UploadVideoUseCase {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: StreamConfig,
    @Inject(VIDEO_LIFECYCLE_PUBLISHER)
    private readonly lifecycle: VideoLifecyclePublisher,
  ) {}

  async execute(command: UploadVideoCommand): Promise<StoredVideo> {
    const max = this.config.UPLOAD_MAX_BYTES;
    if (command.declaredLength !== undefined && command.declaredLength > max)
      throw tooLarge(max);
    const declared = command.declaredType?.split(';')[0].trim().toLowerCase();
    if (declared && !ACCEPTED_DECLARED_TYPES.has(declared))
      throw unsupportedType(
        `Content-Type ${declared} is not a video type we accept`,
      );
    await assertMayWrite(
      this.storage,
      command.key,
      command.overwrite,
      command.actor,
    );

    const checked = new PassThrough();
    let detected!: (container: VideoContainer) => void;
    const container = new Promise<VideoContainer>(
      (resolve) => (detected = resolve),
    );
    const feeding = pipeline(
      command.body,
      byteLimit(max),
      containerSniffer(detected),
      checked,
    );
    feeding.catch(() => undefined); // awaited below; this only marks it handled meanwhile
    try {
      // The first bytes decide the type before anything is sent; the rest waits, by backpressure.
      const type =
        CONTAINER_CONTENT_TYPES[
          await Promise.race([container, feeding.then(() => container)])
        ];
      const stored = await this.storage.write(
        command.key,
        checked,
        { contentType: type, owner: command.actor.userId },
        command.signal,
      );
      await feeding;
      await this.lifecycle.announceUploaded({
        videoKey: stored.key,
        sourceKey: stored.key,
        etag: stored.etag,
        sizeBytes: stored.size,
        contentType: type,
        uploadedBy: command.actor.userId,
        uploadProtocol: 'single-request',
      });
      return stored;
    } catch (error) {
      checked.destroy();
      // The body's own failure (limit, type, client gone) explains the storage failure it caused.
      throw await feeding.then(
        () => error,
        (bodyError: unknown) =>
          bodyError instanceof DomainError ? bodyError : error,
      );
    }
  }
}
