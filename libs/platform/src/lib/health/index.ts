export * from './readiness-check';
export * from './health.controller';
