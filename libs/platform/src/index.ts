// The framework-free part (DomainError, loadConfig, the HTTP server settings) lives in @video-streaming/core;
// re-exported here so Nest-side code needs one import. Domain code imports @video-streaming/core directly.
export * from '@video-streaming/core';
export * from './lib/json-exception.filter';
export * from './lib/bootstrap-service';
export * from './lib/kafka-reachability';
export * from './lib/health';
export * from './lib/service-skeleton';
