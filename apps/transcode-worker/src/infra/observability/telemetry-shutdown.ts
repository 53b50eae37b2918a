import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { stopTelemetry } from '@video-streaming/telemetry';

/** Flushes the last spans (those of the final batch) after the consumer has stopped. */
@Injectable()
export class TelemetryShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return stopTelemetry();
  }
}
