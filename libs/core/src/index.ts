export * from './lib/domain-error';
export * from './lib/load-config';
export * from './lib/http-server.config';
export * from './lib/dev-defaults';
export * from './lib/with-timeout';
export * from './lib/dead-letter';
