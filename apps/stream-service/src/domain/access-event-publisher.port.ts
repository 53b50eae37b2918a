import type { VideoAccessedEvent } from '@video-streaming/contracts';

/**
 * Emits access events. `publish` must return at once and never throw: an access log must not
 * slow, block or fail the video it describes.
 */
export interface AccessEventPublisher {
  publish(event: VideoAccessedEvent): void;
}
export const ACCESS_EVENT_PUBLISHER = Symbol('ACCESS_EVENT_PUBLISHER');
