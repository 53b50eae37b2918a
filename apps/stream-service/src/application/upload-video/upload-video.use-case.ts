import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@video-streaming/platform';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { STREAM_CONFIG, type StreamConfig } from '../../config';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
  type StoredVideo,
} from '../../domain/object-storage.port';
import {
  CONTAINER_CONTENT_TYPES,
  type VideoContainer,
} from '../../domain/video-container';
import type { VideoKey } from '../../domain/video-key';
import { assertMayChange, type Actor } from '../../domain/video-ownership';
import { VideoErrorCode } from '../../domain/video.errors';
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
const ACCEPTED_DECLARED_TYPES = new Set([
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
    @Inject(STREAM_CONFIG) private readonly config: StreamConfig,
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
    await this.assertMayWrite(command);

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

  /** A new name is free for anyone with write access; an existing one needs overwrite and its owner. */
  private async assertMayWrite(command: UploadVideoCommand): Promise<void> {
    const existing = await this.storage.stat(command.key);
    if (!existing) return;
    if (!command.overwrite)
      throw new DomainError(
        VideoErrorCode.alreadyExists,
        `A video named ${command.key.value} already exists; use overwrite=true to replace it`,
      );
    assertMayChange(existing, command.actor);
  }
}
