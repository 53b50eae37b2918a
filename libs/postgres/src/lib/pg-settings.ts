import type { PoolConfig } from 'pg';

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

/**
 * The node-postgres pool settings of a service's database URL, for Prisma's driver adapter and
 * for a pool of the service's own. Without the timeouts a stopped PostgreSQL makes a query hang
 * instead of failing into a retry or a 503; the search path lets raw SQL name tables unqualified,
 * like the generated queries.
 */
export function pgPoolSettings(
  databaseUrl: string,
  poolMax: number,
): { pool: PoolConfig; schema: string } {
  const { connectionString, schema } = splitDatabaseUrl(databaseUrl);
  return {
    schema,
    pool: {
      connectionString,
      max: poolMax,
      connectionTimeoutMillis: 5_000,
      query_timeout: 30_000,
      options: `-c search_path="${schema.replace(/"/g, '""')}"`,
    },
  };
}
