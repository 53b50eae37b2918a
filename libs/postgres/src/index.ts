export * from './lib/pg-settings';
export * from './lib/prisma-pg';
