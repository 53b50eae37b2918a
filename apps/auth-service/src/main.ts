import './instrumentation';
import { bootstrapService } from '@video-streaming/platform';
import { AppModule } from './app.module';
import { readConfig } from './config';
import { setupOpenApi } from './interfaces/http/openapi';

async function main(): Promise<void> {
  const config = readConfig();
  await bootstrapService(AppModule.register(config), {
    port: config.port,
    configure: setupOpenApi,
  });
}

main().catch((error: Error) => {
  // Configuration and key errors end here: say what is wrong and stop, with no stack noise.
  console.error(`auth-service failed to start: ${error.message}`);
  process.exit(1);
});
