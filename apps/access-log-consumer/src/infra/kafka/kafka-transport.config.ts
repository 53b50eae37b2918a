import { VIDEO_ACCESSED_TOPIC } from '@video-streaming/contracts';
import type { KafkaTransportOptions } from '@video-streaming/kafka-transport';
import { getToken } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../../config';
import {
  DLQ_DROPPED,
  DLQ_MESSAGES,
  DLQ_TRUNCATED,
  STORE_RETRIES,
} from '../observability/consumer-metrics';

/** What `kafkaTransportOptions` is given by injection, in this order. */
export const KAFKA_TRANSPORT_INJECT = [
  APP_CONFIG,
  getToken(STORE_RETRIES),
  getToken(DLQ_MESSAGES),
  getToken(DLQ_TRUNCATED),
  getToken(DLQ_DROPPED),
];

/** The transport's settings from the validated environment, and its events into our metrics. */
export function kafkaTransportOptions(
  config: AppConfig,
  retries: Counter<string>,
  deadLettered: Counter<string>,
  truncated: Counter<string>,
  dropped: Counter<string>,
): KafkaTransportOptions {
  return {
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    groupId: config.CONSUMER_GROUP_ID,
    topics: { [VIDEO_ACCESSED_TOPIC]: config.ACCESS_LOG_TOPIC },
    deadLetterTopic: () => config.ACCESS_LOG_DLQ_TOPIC,
    fromBeginning: true,
    partitionsConsumedConcurrently: config.CONSUMER_PARTITIONS_CONCURRENCY,
    consumer: {
      sessionTimeout: config.CONSUMER_SESSION_TIMEOUT_MS,
      heartbeatInterval: config.CONSUMER_HEARTBEAT_INTERVAL_MS,
      minBytes: config.CONSUMER_MIN_BYTES,
      maxBytes: config.CONSUMER_MAX_BYTES,
      maxBytesPerPartition: config.CONSUMER_MAX_BYTES_PER_PARTITION,
      maxWaitTimeInMs: config.CONSUMER_MAX_WAIT_MS,
    },
    retry: {
      initialMs: config.STORE_RETRY_INITIAL_MS,
      maxMs: config.STORE_RETRY_MAX_MS,
    },
    deadLetterSends: {
      maxMessages: config.DLQ_MAX_SEND_MESSAGES,
      maxBytes: config.DLQ_MAX_SEND_BYTES,
    },
    hooks: {
      onRetry: () => retries.inc(),
      onDeadLettered: (letter, wasTruncated) => {
        // The reason's prefix ("malformed JSON", "schema violation", ...) is a bounded label.
        deadLettered.inc({ reason: letter.reason.split(':')[0] });
        if (wasTruncated) truncated.inc();
      },
      onDeadLetterDropped: () => dropped.inc(),
    },
  };
}
