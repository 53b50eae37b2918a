import { Logger, type INestApplication } from '@nestjs/common';
import { bootstrapService } from '@video-streaming/platform';
import { connectKafkaTransport } from './provide-kafka-transport';
import { exitAfterDeadlineOnSignal } from './shutdown-deadline';

/** What the start-up reads of a consuming service's validated configuration. */
export interface KafkaServiceConfig {
  PORT: number;
  /** Longest graceful shutdown after SIGTERM/SIGINT (see exitAfterDeadlineOnSignal). */
  SHUTDOWN_TIMEOUT_MS: number;
}

/**
 * The start-up of a service consuming on this transport: a hybrid app (HTTP for the API, health
 * and metrics; the Kafka transport for its topics). Consuming starts once HTTP listens, so
 * readiness can already report a broker that is down; `beforeConsuming` runs just before.
 */
export async function startKafkaService(
  serviceName: string,
  module: unknown,
  config: KafkaServiceConfig,
  beforeConsuming?: (app: INestApplication) => void,
): Promise<INestApplication> {
  exitAfterDeadlineOnSignal(config.SHUTDOWN_TIMEOUT_MS);
  const app = await bootstrapService(module, {
    port: config.PORT,
    configure: (nest) => connectKafkaTransport(nest),
  });
  beforeConsuming?.(app);
  await app.startAllMicroservices();
  Logger.log(`listening on port ${config.PORT}`, serviceName);
  return app;
}
