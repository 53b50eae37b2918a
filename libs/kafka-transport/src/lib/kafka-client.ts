import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { Logger } from '@nestjs/common';

/** The one KafkaJS client of the app: the server's consumer, the dead-letter producer, admins. */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');

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

export function createKafkaClient(options: {
  brokers: string[];
  clientId: string;
}): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator,
    // Reconnects keep going while the broker is away; the consumer restarts itself on crash.
    retry: { initialRetryTime: 300, retries: 10, maxRetryTime: 10_000 },
  });
}
