import './instrumentation';
import { startKafkaService } from '@video-streaming/kafka-transport';
import { runService } from '@video-streaming/platform';
import { AppModule, SERVICE_NAME } from './app.module';
import { readConfig } from './config';

// The query API, health and metrics over HTTP; video-accessed over the Kafka transport.
runService(SERVICE_NAME, async () => {
  const config = readConfig();
  await startKafkaService(SERVICE_NAME, AppModule.register({ config }), config);
});
