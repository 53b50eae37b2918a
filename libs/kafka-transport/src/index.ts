export * from './lib/kafka-message';
export * from './lib/kafka-transport.options';
export * from './lib/kafka-client';
export * from './lib/kafka.context';
export * from './lib/kafka-error.filter';
export * from './lib/permanent-message.error';
export * from './lib/provide-kafka-transport';
export * from './lib/kafka-consumer.readiness';
export * from './lib/server/kafka.server';
export { backoffDelay } from './lib/server/backoff';
export { extractTraceContext } from './lib/server/trace-context';
export { KafkaDeadLetterPublisher } from './lib/dead-letter/kafka-dead-letter.publisher';
export {
  DLQ_HEADERS,
  DLQ_TRUNCATION_HEADERS,
} from './lib/dead-letter/dead-letter-sends';
export { isPermanentKafkaError } from './lib/dead-letter/kafka-errors';
export * from './lib/kafka-env';
export * from './lib/shutdown-deadline';
export * from './lib/start-kafka-service';
