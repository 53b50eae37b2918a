import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { WorkerConfig } from '../../config';

export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');

/**
 * Idempotent (no duplicates from kafkajs' own retries). A send that still fails throws: the job's
 * message is then not committed and the whole job is redone, its manifest making that cheap.
 */
export function createKafkaProducer(config: WorkerConfig): Producer {
  return new Kafka({
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    connectionTimeout: 2_000,
    requestTimeout: 10_000,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5_000 },
    logLevel: logLevel.NOTHING,
  }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
}
