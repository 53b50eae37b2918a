import { DomainError } from '@video-streaming/core';
import type { VideoMetadata } from './object-storage.port';
import { VideoErrorCode } from './video.errors';

/** Who asks to change a video: the token's subject, and whether it holds `video:admin`. */
export interface Actor {
  userId: string;
  isAdmin: boolean;
}

export const ADMIN_SCOPE = 'video:admin';

/**
 * Overwriting or deleting a video needs its owner (recorded at upload) or an admin. A video
 * without a recorded owner (uploaded before owners were kept, or put in the bucket by the
 * stack's seed) is admin-only: nobody can prove it is theirs.
 */
export function assertMayChange(video: VideoMetadata, actor: Actor): void {
  if (actor.isAdmin) return;
  if (video.owner !== undefined && video.owner === actor.userId) return;
  throw new DomainError(
    VideoErrorCode.notOwned,
    video.owner === undefined
      ? `Only an admin (${ADMIN_SCOPE}) may change ${video.key}: it has no recorded owner`
      : `Only the owner of ${video.key} or an admin (${ADMIN_SCOPE}) may change it`,
  );
}
