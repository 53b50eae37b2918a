import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@video-streaming/platform';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
} from '../../domain/object-storage.port';
import {
  RENDITION_CATALOGUE,
  type RenditionCatalogue,
} from '../../domain/rendition-catalogue.port';
import type { VideoKey } from '../../domain/video-key';
import { assertMayChange, type Actor } from '../../domain/video-ownership';
import { VideoErrorCode } from '../../domain/video.errors';

@Injectable()
export class DeleteVideoUseCase {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(RENDITION_CATALOGUE)
    private readonly renditions: RenditionCatalogue,
  ) {}

  /** VIDEO_NOT_FOUND when there is nothing to delete; VIDEO_NOT_OWNED unless owner or admin. */
  async execute(key: VideoKey, actor: Actor): Promise<void> {
    // DeleteObject succeeds on a missing key; the API promises 404 for it.
    const video = await this.storage.stat(key);
    if (!video)
      throw new DomainError(
        VideoErrorCode.notFound,
        `Video not found: ${key.value}`,
      );
    assertMayChange(video, actor);
    await this.storage.remove(key);
    // The renditions go with their source (the HLS grants already issued then answer 404).
    await this.renditions.removeAll(key);
  }
}
