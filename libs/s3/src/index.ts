export * from './lib/s3.config';
export * from './lib/s3-client';
export * from './lib/s3-reachability';
