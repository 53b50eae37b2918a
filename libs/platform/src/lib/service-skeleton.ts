import type { InjectionToken, Provider } from '@nestjs/common';
import { ERROR_STATUS_MAP, type ErrorStatusMap } from '@video-streaming/core';
import { KafkaReachability } from './kafka-reachability';

export interface ServiceProviderOptions<C> {
  /** The app's own configuration token (`APP_CONFIG`) and the validated configuration. */
  config: [InjectionToken, C];
  /** The app's error codes -> HTTP statuses (`common/error-status.map.ts`). */
  errorStatusMap: ErrorStatusMap;
  /** For a service on Kafka: the brokers `KafkaReachability` probes for its readiness. */
  kafkaBrokers?: string[];
}

/** The providers every service has: its configuration, its error statuses, a broker probe. */
export function serviceProviders<C>({
  config: [configToken, config],
  errorStatusMap,
  kafkaBrokers,
}: ServiceProviderOptions<C>): Provider[] {
  return [
    { provide: configToken, useValue: config },
    { provide: ERROR_STATUS_MAP, useValue: errorStatusMap },
    ...(kafkaBrokers
      ? [
          {
            provide: KafkaReachability,
            useFactory: () => new KafkaReachability(kafkaBrokers),
          },
        ]
      : []),
  ];
}

/**
 * Runs a service's `main`: a start-up error (the configuration, a key, a port in use) ends the
 * process with its message on one line and exit code 1, without a stack to dig through.
 */
export function runService(
  serviceName: string,
  main: () => Promise<unknown>,
): void {
  main().catch((error: unknown) => {
    console.error(
      `${serviceName} failed to start: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  });
}
