import './instrumentation';
import { bootstrapService, runService } from '@video-streaming/platform';
import type { Server } from 'node:http';
import { AppModule, SERVICE_NAME } from './app.module';
import { readConfig } from './config';

runService(SERVICE_NAME, async () => {
  const config = readConfig();
  await bootstrapService(AppModule.register(config), {
    port: config.PORT,
    configure: (app) => {
      const server = app.getHttpServer() as Server;
      // Uploads of gigabytes over slow links outlast Node's 5-minute request timeout; stalled
      // clients are still cut by the headers timeout and the socket's own errors.
      server.requestTimeout = 0;
    },
  });
});
