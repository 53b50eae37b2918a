import { VIDEO_UPLOADED_TOPIC } from '@video-streaming/contracts';
import type { KafkaTransportOptions } from '@video-streaming/kafka-transport';
import type { WorkerConfig } from '../../config';

/**
 * One job per message, one message at a time per partition; as many partitions at once as jobs
 * may run. The transport heartbeats while a job runs, so a job may outlast the session timeout.
 */
export function transportOptions(config: WorkerConfig): KafkaTransportOptions {
  return {
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    groupId: config.TRANSCODER_GROUP_ID,
    topics: { [VIDEO_UPLOADED_TOPIC]: config.VIDEO_UPLOADED_TOPIC },
    partitionsConsumedConcurrently: config.TRANSCODE_CONCURRENCY,
    consumer: {
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      // One upload event is small; fetching few keeps the others free for another replica.
      maxBytesPerPartition: 64 * 1024,
    },
    retry: { initialMs: 1_000, maxMs: 30_000 },
  };
}
