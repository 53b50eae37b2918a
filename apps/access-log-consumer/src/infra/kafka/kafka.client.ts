import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../../config';

export const KAFKA = Symbol('KAFKA');

const logger = new Logger('kafkajs');

/** kafkajs logs through Nest's logger (pino), so its lines are JSON like the rest. */
function logCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, ...extra } = log;
    const line = `${message} ${JSON.stringify(extra)}`;
    if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
    else logger.log(line);
  };
}

export function createKafka(config: AppConfig): Kafka {
  return new Kafka({
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.WARN,
    logCreator,
    // Reconnects keep going while the broker is away; the consumer restarts itself on crash.
    retry: { initialRetryTime: 300, retries: 10, maxRetryTime: 10_000 },
  });
}
