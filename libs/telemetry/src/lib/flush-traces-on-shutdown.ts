import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { stopTelemetry } from './start-telemetry';

/**
 * The batch span processor holds the last spans for up to OTEL_BSP_SCHEDULE_DELAY: flush them when
 * Nest shuts down (SIGTERM through enableShutdownHooks), or a deploy loses its final requests' spans.
 */
@Injectable()
export class FlushTracesOnShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return stopTelemetry();
  }
}
