import './instrumentation';
import { Logger } from '@nestjs/common';
import {
  connectKafkaTransport,
  exitAfterDeadlineOnSignal,
} from '@video-streaming/kafka-transport';
import { bootstrapService } from '@video-streaming/platform';
import { AppModule } from './app.module';
import { readConfig } from './config';

async function main(): Promise<void> {
  const config = readConfig();
  exitAfterDeadlineOnSignal(config.SHUTDOWN_TIMEOUT_MS);
  const app = await bootstrapService(AppModule.register({ config }), {
    port: config.PORT,
  });
  // A hybrid app: the query API, health and metrics over HTTP, video-accessed over the Kafka
  // transport. Consuming starts once HTTP is up, so readiness can report a broker that is down.
  connectKafkaTransport(app);
  await app.startAllMicroservices();
  Logger.log(`listening on port ${config.PORT}`, 'access-log-consumer');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
