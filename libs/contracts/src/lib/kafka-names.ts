/** Kafka names fixed by the original design; every service imports them from here. */
export const VIDEO_ACCESSED_TOPIC = 'video-accessed';
export const VIDEO_ACCESSED_DLQ_TOPIC = 'video-accessed.dlq';
/** Video lifecycle: stream-service publishes uploads, the transcode-worker answers ready or failed. */
export const VIDEO_UPLOADED_TOPIC = 'video-uploaded';
export const VIDEO_READY_TOPIC = 'video-ready';
export const VIDEO_FAILED_TOPIC = 'video-failed';
/** The transcode-worker's consumer group on video-uploaded. */
export const TRANSCODER_GROUP_ID = 'video-transcoder';
export const PRODUCER_CLIENT_ID = 'video-streaming-client';
export const CONSUMER_GROUP_ID = 'video-streaming-consumer';

/** Span names of the original design. */
export const PRODUCER_SPAN_NAME = 'video.access.log';
export const CONSUMER_SPAN_NAME = 'video.log.save';

/** Headers the consumer adds to a dead letter so it can be traced back to its source. */
export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  sourceTopic: 'x-dlq-source-topic',
  sourcePartition: 'x-dlq-source-partition',
  sourceOffset: 'x-dlq-source-offset',
} as const;
