import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../../config';
import { pgPoolSettings } from '@video-streaming/postgres';

/**
 * A node-postgres pool of its own for the batch write (ADR 0024): a transaction of several
 * array statements, which Prisma's driver adapter would serialise more slowly. Same settings as
 * the pool behind Prisma (`pgPoolSettings`).
 */
@Injectable()
export class PgPool extends pg.Pool implements OnApplicationShutdown {
  private static readonly logger = new Logger('PgPool');

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(
      pgPoolSettings(config.ACCESS_LOG_DATABASE_URL, config.DATABASE_POOL_SIZE)
        .pool,
    );
    // An idle connection dropped by a restarting server is replaced by the pool: not fatal.
    this.on('error', (error) =>
      PgPool.logger.warn(`idle database connection lost: ${error.message}`),
    );
  }

  /** After onModuleDestroy, where the consumer finishes (stores and commits) its batch in hand. */
  async onApplicationShutdown(): Promise<void> {
    await this.end();
  }
}

/** Runs `work` in one transaction on one connection; rolls back when it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  // A checked-out client reports a lost connection (a server restart) as an 'error' event, which
  // would crash the process without a listener; the pending or next query fails and is retried.
  const lost = () => {
    broken = true;
  };
  client.on('error', lost);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.off('error', lost);
    client.release(broken);
  }
}
