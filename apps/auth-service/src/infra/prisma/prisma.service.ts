import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { APP_CONFIG, type AuthConfig } from '../../config';
import { PrismaClient } from './generated';

/** `?schema=` is Prisma's parameter, not libpq's: it becomes the adapter's search path. */
export function splitDatabaseUrl(databaseUrl: string): {
  connectionString: string;
  schema: string;
} {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), schema };
}

/** Prisma through the pg driver adapter (no native engine binary needed). */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(APP_CONFIG) config: AuthConfig) {
    const { connectionString, schema } = splitDatabaseUrl(config.databaseUrl);
    const logger = new Logger(PrismaService.name);
    // A restarted database drops idle connections: log it, the pool reconnects on the next query.
    const onPoolError = (error: Error) =>
      logger.warn(`PostgreSQL connection lost: ${error.message}`);
    super({
      adapter: new PrismaPg(
        { connectionString, max: 10, connectionTimeoutMillis: 5000 },
        { schema, onPoolError, onConnectionError: onPoolError },
      ),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
