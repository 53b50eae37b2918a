import {
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';

export const CONSUMER_LAG = 'access_log_consumer_lag';
export const BATCH_INSERT_SECONDS = 'access_log_batch_insert_duration_seconds';
export const ROWS_INSERTED = 'access_log_rows_inserted_total';
export const DLQ_MESSAGES = 'access_log_dlq_messages_total';
export const STORE_RETRIES = 'access_log_store_retries_total';
export const DLQ_TRUNCATED = 'access_log_dlq_truncated_total';
export const DLQ_DROPPED = 'access_log_dlq_dropped_total';
export const PARTITION_STALLED_SECONDS =
  'access_log_consumer_partition_stalled_seconds';

/** Registered on the global MetricsModule's registry, served at /metrics. */
export const consumerMetricProviders = [
  makeGaugeProvider({
    name: CONSUMER_LAG,
    help: "Messages not yet committed by the group: the partition's high watermark - the group's committed offset",
    labelNames: ['topic', 'partition'],
  }),
  makeHistogramProvider({
    name: BATCH_INSERT_SECONDS,
    help: 'Duration of one bulk insert of a batch into access_logs',
    labelNames: ['result'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
  makeCounterProvider({
    name: ROWS_INSERTED,
    help: 'Rows added to access_logs (redelivered events are not counted)',
  }),
  makeCounterProvider({
    name: DLQ_MESSAGES,
    help: 'Messages sent to the dead-letter topic',
    labelNames: ['reason'],
  }),
  makeCounterProvider({
    name: DLQ_TRUNCATED,
    help: 'Dead letters whose value was cut to fit the broker limit (headers x-dlq-truncated, x-dlq-original-size)',
  }),
  makeCounterProvider({
    name: DLQ_DROPPED,
    help: 'Dead letters the broker refused even without their value; logged with their source and dropped',
  }),
  makeGaugeProvider({
    name: PARTITION_STALLED_SECONDS,
    help: 'Seconds a partition has had lag without its committed offset moving (0 when it has no lag or moves)',
    labelNames: ['topic', 'partition'],
  }),
  makeCounterProvider({
    name: STORE_RETRIES,
    help: 'Failed attempts to store a batch, each followed by a backoff',
  }),
];
