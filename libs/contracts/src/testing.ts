import { randomUUID } from 'node:crypto';
import type { VideoAccessedEvent } from './lib/video-accessed.event';

/** A valid event, for tests; override what the test is about. */
export function aVideoAccessedEvent(overrides: Partial<VideoAccessedEvent> = {}): VideoAccessedEvent {
  return {
    schemaVersion: 1,
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    userId: 'user-123',
    videoKey: 'video-test.mp4',
    request: {
      method: 'GET',
      range: 'bytes=0-1023',
      status: 206,
      bytesSent: 1024,
      durationMs: 12.5,
      outcome: 'completed',
    },
    client: { userAgent: 'jest', ipAnonymised: '127.0.0.0' },
    trace: { traceparent: null },
    ...overrides,
  };
}
