/** A complete source object, as `video-uploaded` announces it. */
export interface UploadedVideo {
  videoKey: string;
  /** The bucket-relative key of the source (today the video key itself). */
  sourceKey: string;
  etag: string;
  sizeBytes: number;
  contentType: string;
  uploadedBy: string;
  uploadProtocol: 'single-request' | 'tus';
}

/**
 * Announces uploads to the transcode-worker. `announceUploaded` resolves once the event is in
 * Kafka or, while Kafka is unreachable, held for a background retry: it never fails an upload
 * that is already stored.
 */
export interface VideoLifecyclePublisher {
  announceUploaded(video: UploadedVideo): Promise<void>;
}
export const VIDEO_LIFECYCLE_PUBLISHER = Symbol('VIDEO_LIFECYCLE_PUBLISHER');
