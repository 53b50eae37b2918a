import './instrumentation';
import { Logger } from '@nestjs/common';
import {
  connectKafkaTransport,
  exitAfterDeadlineOnSignal,
} from '@video-streaming/kafka-transport';
import { bootstrapService } from '@video-streaming/platform';
import { AppModule, SERVICE_NAME } from './app.module';
import { TranscodeJobRunner } from './application/transcode-video/job-runner';
import { readConfig } from './config';

async function main(): Promise<void> {
  const config = readConfig();
  exitAfterDeadlineOnSignal(config.SHUTDOWN_TIMEOUT_MS);
  const app = await bootstrapService(AppModule.register({ config }), {
    port: config.PORT,
    configure: (nest) => connectKafkaTransport(nest),
  });
  // At the signal itself, not in a shutdown hook: ffmpeg dies at once and nothing more is
  // published, and the transport's close (which waits for the job in hand) is not held up.
  const runner = app.get(TranscodeJobRunner);
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => runner.cancelAll());
  await app.startAllMicroservices();
  Logger.log(`listening on port ${config.PORT}`, SERVICE_NAME);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
