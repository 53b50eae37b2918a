import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { APP_CONFIG, type AppConfig } from '../../config';
import { PrismaClient } from './generated';

/** Prisma's URL names the schema in `?schema=`; pg would send it to the server as a setting. */
export function splitDatabaseUrl(databaseUrl: string): {
  connectionString: string;
  schema: string;
} {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), schema };
}

/** The generated client over node-postgres (engineType "client": no native query engine). */
@Injectable()
export class PrismaService
  extends PrismaClient
  implements OnApplicationShutdown
{
  private static readonly logger = new Logger('PrismaService');

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { connectionString, schema } = splitDatabaseUrl(
      config.ACCESS_LOG_DATABASE_URL,
    );
    const adapter = new PrismaPg(
      {
        connectionString,
        max: config.DATABASE_POOL_SIZE,
        // Without these a stopped PostgreSQL makes a query hang instead of failing into a retry.
        connectionTimeoutMillis: 5_000,
        query_timeout: 30_000,
        // Raw SQL (stats) names tables unqualified, like the generated queries.
        options: `-c search_path="${schema.replace(/"/g, '""')}"`,
      },
      {
        schema,
        // An idle connection dropped by a restarting server is replaced by the pool: not fatal.
        onPoolError: (error) =>
          PrismaService.logger.warn(
            `idle database connection lost: ${error.message}`,
          ),
      },
    );
    super({ adapter });
  }

  /** After onModuleDestroy, where the consumer finishes (stores and commits) its batch in hand. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
