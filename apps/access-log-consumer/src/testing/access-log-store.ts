import { Counter, Histogram } from 'prom-client';
import { configSchema, type AppConfig } from '../config';
import { AccessLogPartitions } from '../infra/postgres/access-log-partitions';
import { PgBatchWriter } from '../infra/postgres/pg-batch-writer';
import { PgPool } from '../infra/postgres/pg-pool';
import { PrismaAccessLogRepository } from '../infra/prisma/prisma-access-log.repository';
import { PrismaService } from '../infra/prisma/prisma.service';

/** The real repository and its batch writer over the test database, without Nest. */
export function accessLogStore(env: Record<string, string> = {}) {
  const config: AppConfig = configSchema.parse({ ...process.env, ...env });
  const prisma = new PrismaService(config);
  const pool = new PgPool(config);
  const partitions = new AccessLogPartitions(pool, config);
  const writer = new PgBatchWriter(pool, partitions, config);
  const repository = new PrismaAccessLogRepository(
    prisma,
    writer,
    new Histogram({
      name: 'insert_seconds',
      help: 'h',
      labelNames: ['result'],
      registers: [],
    }),
    new Counter({ name: 'rows', help: 'h', registers: [] }),
  );
  return {
    config,
    prisma,
    pool,
    partitions,
    repository,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
