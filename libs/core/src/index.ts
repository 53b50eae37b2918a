export * from './lib/domain-error';
export * from './lib/load-config';
export * from './lib/http-server.config';
