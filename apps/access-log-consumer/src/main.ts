import './instrumentation';
import { Logger } from '@nestjs/common';
import { bootstrapService } from '@video-streaming/platform';
import { stopTelemetry } from '@video-streaming/telemetry';
import { AppModule } from './app.module';
import { readConfig } from './config';

async function main(): Promise<void> {
  const config = readConfig();
  const app = await bootstrapService(AppModule.register({ config }), { port: config.PORT });
  // Nest's shutdown hooks stop the consumer (committing what it stored); spans are flushed last.
  process.once('beforeExit', () => void stopTelemetry());
  Logger.log(`listening on port ${config.PORT}`, 'access-log-consumer');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
