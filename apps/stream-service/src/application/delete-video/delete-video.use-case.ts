import { Inject, Injectable } from '@nestjs/common';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
} from '../../domain/object-storage.port';
import type { VideoKey } from '../../domain/video-key';

@Injectable()
export class DeleteVideoUseCase {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  /** Fails with VIDEO_NOT_FOUND when there is nothing to delete. */
  execute(key: VideoKey): Promise<void> {
    return this.storage.remove(key);
  }
}
