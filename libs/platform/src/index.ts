export * from './lib/load-config';
export * from './lib/domain-error';
export * from './lib/json-exception.filter';
export * from './lib/http-server.config';
export * from './lib/bootstrap-service';
export * from './lib/kafka-reachability';
