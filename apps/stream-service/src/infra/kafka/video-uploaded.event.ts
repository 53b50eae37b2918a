import { context, propagation } from '@opentelemetry/api';
import {
  VIDEO_UPLOADED_SCHEMA_VERSION,
  type VideoUploadedEvent,
} from '@video-streaming/contracts';
import { randomUUID } from 'node:crypto';
import type { UploadedVideo } from '../../domain/video-lifecycle-publisher.port';

/** The `video-uploaded` event of a stored source, with a new event id and the active trace. */
export function videoUploadedEventOf(
  video: UploadedVideo,
  bucket: string,
): VideoUploadedEvent {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return {
    schemaVersion: VIDEO_UPLOADED_SCHEMA_VERSION,
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    videoKey: video.videoKey,
    source: { bucket, key: video.sourceKey, etag: video.etag },
    sizeBytes: video.sizeBytes,
    contentType: video.contentType,
    uploadedBy: video.uploadedBy,
    uploadProtocol: video.uploadProtocol,
    trace: {
      traceparent: carrier['traceparent'] ?? null,
      tracestate: carrier['tracestate'] ?? null,
    },
  };
}
