import { Kafka, logLevel, type Producer } from 'kafkajs';
import { PRODUCER_CLIENT_ID } from '@video-streaming/contracts';
import type { StreamConfig } from '../../config';

export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');

/**
 * Idempotent (no duplicates from kafkajs' own retries; kafkajs demands acks -1 and one request in
 * flight for it). Its retries are short on purpose: the publisher's loop owns retrying, with a
 * buffer, so a Kafka outage never holds a send promise for long.
 */
export function createKafkaProducer(config: StreamConfig): Producer {
  const kafka = new Kafka({
    clientId: PRODUCER_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    logLevel: logLevel.NOTHING,
  });
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
}

export const KAFKA_LIFECYCLE_PRODUCER = Symbol('KAFKA_LIFECYCLE_PRODUCER');

/**
 * A second producer for the video lifecycle topics: its sends are awaited by uploads, so they
 * must not queue behind (or be dropped with) the access-log batches.
 */
export function createLifecycleProducer(config: StreamConfig): Producer {
  return createKafkaProducer(config);
}
