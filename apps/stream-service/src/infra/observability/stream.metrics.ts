import {
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';

export const METRIC = {
  eventsQueued: 'video_access_events_queued_total',
  eventsSent: 'video_access_events_sent_total',
  eventsDropped: 'video_access_events_dropped_total',
  eventsBuffered: 'video_access_events_buffered',
  eventsInvalid: 'video_access_events_invalid_total',
  bytesStreamed: 'video_bytes_streamed_total',
  activeStreams: 'video_active_streams',
  s3FirstByte: 's3_time_to_first_byte_seconds',
  edgeRecordsShipped: 'edge_completion_records_shipped_total',
  edgeRecordsMalformed: 'edge_completion_records_malformed_total',
  edgeShipFailures: 'edge_completion_ship_failures_total',
  edgeLogLag: 'edge_completion_log_lag_bytes',
  uploadedOutboxPending: 'video_uploaded_outbox_pending',
} as const;

export const streamMetricProviders = [
  makeCounterProvider({
    name: METRIC.eventsQueued,
    help: 'Access events accepted into the producer buffer',
  }),
  makeCounterProvider({
    name: METRIC.eventsSent,
    help: 'Access events acknowledged by Kafka',
  }),
  makeCounterProvider({
    name: METRIC.eventsDropped,
    help: 'Access events dropped because the buffer was full (oldest first)',
  }),
  makeCounterProvider({
    name: METRIC.eventsInvalid,
    help: 'Access events not sent because they failed the video-accessed contract (a producer bug)',
  }),
  makeGaugeProvider({
    name: METRIC.eventsBuffered,
    help: 'Access events waiting to be sent to Kafka',
  }),
  makeCounterProvider({
    name: METRIC.bytesStreamed,
    help: 'Video bytes written to clients',
  }),
  makeGaugeProvider({
    name: METRIC.activeStreams,
    help: 'Video responses currently streaming',
  }),
  makeCounterProvider({
    name: METRIC.edgeRecordsShipped,
    help: 'Gateway completion records shipped to Kafka as video-accessed events (edge delivery)',
  }),
  makeCounterProvider({
    name: METRIC.edgeRecordsMalformed,
    help: 'Lines of the gateway completion log skipped because they are not completion records',
  }),
  makeCounterProvider({
    name: METRIC.edgeShipFailures,
    help: 'Batches of completion records Kafka did not take (retried with backoff)',
  }),
  makeGaugeProvider({
    name: METRIC.edgeLogLag,
    help: 'Bytes of the gateway completion log written and not yet shipped',
  }),
  makeGaugeProvider({
    name: METRIC.uploadedOutboxPending,
    help: 'video-uploaded events accepted and not yet acknowledged by Kafka (outbox, ADR 0030)',
  }),
  makeHistogramProvider({
    name: METRIC.s3FirstByte,
    help: 'Time from sending an S3 request to its response headers, by operation',
    labelNames: ['operation'],
    buckets: [
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
    ],
  }),
];
