import './instrumentation';
import { bootstrapService, runService } from '@video-streaming/platform';
import { AppModule, SERVICE_NAME } from './app.module';
import { readConfig } from './config';
import { setupOpenApi } from './interfaces/http/openapi';

// Configuration and key errors end here: say what is wrong and stop, with no stack noise.
runService(SERVICE_NAME, async () => {
  const config = readConfig();
  await bootstrapService(AppModule.register(config), {
    port: config.port,
    configure: setupOpenApi,
  });
});
