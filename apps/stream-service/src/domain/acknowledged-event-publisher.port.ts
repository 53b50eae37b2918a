import type { VideoAccessedEvent } from '@video-streaming/contracts';

/**
 * Sends events and resolves once the broker has them (acks=all); rejects, with nothing to
 * assume, when it does not. For shippers that persist their own position after a send.
 */
export interface AcknowledgedEventPublisher {
  publishAcknowledged(events: VideoAccessedEvent[]): Promise<void>;
}
export const ACKNOWLEDGED_EVENT_PUBLISHER = Symbol(
  'ACKNOWLEDGED_EVENT_PUBLISHER',
);
