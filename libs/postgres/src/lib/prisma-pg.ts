import {
  Logger,
  type FactoryProvider,
  type InjectionToken,
} from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PingReadiness } from '@video-streaming/platform';
import { pgPoolSettings } from './pg-settings';

/**
 * Prisma's driver adapter over node-postgres (engineType "client": no native query engine), for
 * the app's generated client: `super({ adapter: prismaPgAdapter(url, poolMax) })`. A restarted
 * database drops idle connections: logged, and the pool reconnects on the next query.
 */
export function prismaPgAdapter(
  databaseUrl: string,
  poolMax: number,
): PrismaPg {
  const { pool, schema } = pgPoolSettings(databaseUrl, poolMax);
  const logger = new Logger('PrismaService');
  const onPoolError = (error: Error) =>
    logger.warn(`database connection lost: ${error.message}`);
  return new PrismaPg(pool, {
    schema,
    onPoolError,
    onConnectionError: onPoolError,
  });
}

/** What the readiness ping needs of a generated Prisma client. */
interface RawQueries {
  $queryRaw(query: TemplateStringsArray): PromiseLike<unknown>;
}

export const POSTGRES_READINESS = Symbol('POSTGRES_READINESS');

/**
 * `postgres` in `/health/ready`: up when `SELECT 1` answers through the app's Prisma client
 * (provided under `prisma`); list `POSTGRES_READINESS` in `readinessChecks(...)`.
 */
export const postgresReadiness = (
  prisma: InjectionToken<RawQueries>,
): FactoryProvider<PingReadiness> => ({
  provide: POSTGRES_READINESS,
  useFactory: (client: RawQueries) =>
    new PingReadiness('postgres', async () => client.$queryRaw`SELECT 1`),
  inject: [prisma],
});
