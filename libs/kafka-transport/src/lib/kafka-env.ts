import { z } from 'zod';

/** KAFKA_BROKERS: a comma-separated `host:port` list, parsed to an array; the stack's broker by default. */
export const kafkaBrokersEnv = z
  .string()
  .default('127.0.0.1:9092')
  .transform((v) =>
    v
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port[,host:port]'),
      )
      .min(1),
  );

/**
 * The Kafka client variables of a service on this transport, to spread into its zod object:
 * `z.object({ ...kafkaEnvShape('transcode-worker'), ... })`.
 */
export const kafkaEnvShape = (clientId: string) => ({
  KAFKA_BROKERS: kafkaBrokersEnv,
  KAFKA_CLIENT_ID: z.string().min(1).default(clientId),
});
