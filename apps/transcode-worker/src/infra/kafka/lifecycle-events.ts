import { randomUUID } from 'node:crypto';
import {
  VIDEO_FAILED_SCHEMA_VERSION,
  VIDEO_READY_SCHEMA_VERSION,
  videoFailedEventV1Schema,
  videoReadyEventV1Schema,
  type VideoFailedEvent,
  type VideoReadyEvent,
} from '@video-streaming/contracts';
import type {
  NoticeOrigin,
  VideoFailedNotice,
  VideoReadyNotice,
} from '../../domain/video-events.port';

/**
 * The video-ready event of libs/contracts, validated with the parser its consumers use, so a
 * message this worker sends is never one they must dead-letter.
 */
export function videoReadyEvent(notice: VideoReadyNotice): VideoReadyEvent {
  return videoReadyEventV1Schema.parse({
    schemaVersion: VIDEO_READY_SCHEMA_VERSION,
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    videoKey: notice.videoKey,
    durationSeconds: notice.durationSeconds,
    renditions: notice.renditions.map((r) => ({
      height: r.height,
      width: r.width,
      bandwidth: r.bandwidth,
      codecs: r.codecs,
      playlistKey: r.playlistKey,
    })),
    masterPlaylistKey: notice.masterPlaylistKey,
    posterKey: notice.posterKey,
    ladder: notice.ladder,
    ...origin(notice),
  });
}

export function videoFailedEvent(notice: VideoFailedNotice): VideoFailedEvent {
  return videoFailedEventV1Schema.parse({
    schemaVersion: VIDEO_FAILED_SCHEMA_VERSION,
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    videoKey: notice.videoKey,
    // The contract bounds the message; ffmpeg's stderr can be long.
    reason: { code: notice.code, message: notice.message.slice(0, 2048) },
    ...origin(notice),
  });
}

function origin(notice: NoticeOrigin) {
  return {
    ...(notice.sourceEventId ? { sourceEventId: notice.sourceEventId } : {}),
    trace: { traceparent: notice.traceparent ?? null },
  };
}
