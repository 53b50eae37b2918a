import './instrumentation';
import { Logger } from '@nestjs/common';
import { bootstrapService } from '@video-streaming/platform';
import { AppModule } from './app.module';
import { readConfig } from './config';
import { exitAfterDeadlineOnSignal } from './infra/observability/shutdown-deadline';

async function main(): Promise<void> {
  const config = readConfig();
  exitAfterDeadlineOnSignal(config.SHUTDOWN_TIMEOUT_MS);
  await bootstrapService(AppModule.register({ config }), { port: config.PORT });
  Logger.log(`listening on port ${config.PORT}`, 'access-log-consumer');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
