import type { DynamicModule, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { structuredLoggerModule } from './logger.module';
import { MetricsModule } from './metrics.module';

/**
 * What every service imports to be observed: JSON logs under its name, `/metrics`, and Terminus
 * for the shared HealthController of `@video-streaming/platform` (list it among the controllers).
 */
export const serviceModules = (
  serviceName: string,
): (DynamicModule | Type<unknown>)[] => [
  structuredLoggerModule(serviceName),
  MetricsModule,
  TerminusModule,
];
