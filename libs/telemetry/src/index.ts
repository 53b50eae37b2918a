export * from './lib/start-telemetry';
export * from './lib/redact';
export * from './lib/redacting-sampler';
export * from './lib/logger.module';
export * from './lib/metrics.module';
export * from './lib/http-metrics.middleware';
export * from './lib/service-modules';
