import './instrumentation';
import type { INestApplication } from '@nestjs/common';
import { startKafkaService } from '@video-streaming/kafka-transport';
import { runService } from '@video-streaming/platform';
import { AppModule, SERVICE_NAME } from './app.module';
import { TranscodeJobRunner } from './application/transcode-video/job-runner';
import { readConfig } from './config';

runService(SERVICE_NAME, async () => {
  const config = readConfig();
  // At the signal itself, not in a shutdown hook: ffmpeg dies at once and nothing more is
  // published, and the transport's close (which waits for the job in hand) is not held up.
  const cancelJobsOnSignal = (app: INestApplication) => {
    const runner = app.get(TranscodeJobRunner);
    for (const signal of ['SIGTERM', 'SIGINT'] as const)
      process.once(signal, () => runner.cancelAll());
  };
  await startKafkaService(
    SERVICE_NAME,
    AppModule.register({ config }),
    config,
    cancelJobsOnSignal,
  );
});
