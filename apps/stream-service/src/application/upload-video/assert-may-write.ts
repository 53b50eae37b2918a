import { DomainError } from '@video-streaming/platform';
import type { ObjectStorage } from '../../domain/object-storage.port';
import type { VideoKey } from '../../domain/video-key';
import { assertMayChange, type Actor } from '../../domain/video-ownership';
import { VideoErrorCode } from '../../domain/video.errors';

/** A new name is free for anyone with write access; an existing one needs overwrite and its owner. */
export async function assertMayWrite(
  storage: ObjectStorage,
  key: VideoKey,
  overwrite: boolean,
  actor: Actor,
): Promise<void> {
  const existing = await storage.stat(key);
  if (!existing) return;
  if (!overwrite)
    throw new DomainError(
      VideoErrorCode.alreadyExists,
      `A video named ${key.value} already exists; use overwrite=true to replace it`,
    );
  assertMayChange(existing, actor);
}
