import { randomUUID } from 'node:crypto';
import type { VideoAccessedEvent } from './lib/video-accessed.event';
import type { VideoUploadedEvent } from './lib/video-uploaded.event';
import type { VideoReadyEvent } from './lib/video-ready.event';
import type { VideoFailedEvent } from './lib/video-failed.event';

/** A valid event, for tests; override what the test is about. */
export function aVideoAccessedEvent(
  overrides: Partial<VideoAccessedEvent> = {},
): VideoAccessedEvent {
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

/** A valid `video-uploaded`, for tests. */
export function aVideoUploadedEvent(
  overrides: Partial<VideoUploadedEvent> = {},
): VideoUploadedEvent {
  return {
    schemaVersion: 1,
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    videoKey: 'video-test.mp4',
    source: {
      bucket: 'videos',
      key: 'video-test.mp4',
      etag: '"0123456789abcdef0123456789abcdef"',
    },
    sizeBytes: 1_048_576,
    contentType: 'video/mp4',
    uploadedBy: 'user-123',
    uploadProtocol: 'tus',
    trace: { traceparent: null },
    ...overrides,
  };
}

/** A valid `video-ready` (the final ladder of two rungs), for tests. */
export function aVideoReadyEvent(
  overrides: Partial<VideoReadyEvent> = {},
): VideoReadyEvent {
  return {
    schemaVersion: 1,
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    videoKey: 'video-test.mp4',
    durationSeconds: 60.04,
    renditions: [
      {
        height: 360,
        width: 640,
        bandwidth: 900_000,
        codecs: 'avc1.64001e,mp4a.40.2',
        playlistKey: 'hls/video-test.mp4/360p/index.m3u8',
      },
      {
        height: 720,
        width: 1280,
        bandwidth: 3_000_000,
        codecs: 'avc1.64001f,mp4a.40.2',
        playlistKey: 'hls/video-test.mp4/720p/index.m3u8',
      },
    ],
    masterPlaylistKey: 'hls/video-test.mp4/master.m3u8',
    posterKey: 'hls/video-test.mp4/poster.jpg',
    ladder: 'final',
    ...overrides,
  };
}

/** A valid `video-failed`, for tests. */
export function aVideoFailedEvent(
  overrides: Partial<VideoFailedEvent> = {},
): VideoFailedEvent {
  return {
    schemaVersion: 1,
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    videoKey: 'not-a-video.mp4',
    reason: { code: 'NOT_A_VIDEO', message: 'ffprobe found no video stream' },
    ...overrides,
  };
}
