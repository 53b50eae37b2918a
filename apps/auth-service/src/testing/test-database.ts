import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { devDatabaseUrl } from '@video-streaming/dev-stack';
import { splitDatabaseUrl } from '@video-streaming/postgres';

const BASE_URL = process.env['AUTH_DATABASE_URL'] ?? devDatabaseUrl('auth');
const MIGRATIONS = join(__dirname, '..', '..', 'prisma', 'migrations');

/**
 * A throwaway schema in the real PostgreSQL, migrated the way tools/db/migrate.mjs does it
 * (search_path set to the schema, then each migration.sql): tests do not touch the dev data, and
 * they prove the migrations land in whatever schema the URL names.
 */
export async function aTestDatabase() {
  const schema = `auth_test_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  const { connectionString } = splitDatabaseUrl(BASE_URL);
  const admin = await connectWithPatience(connectionString);
  await dropAbandonedSchemas(admin);
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.query(`SET search_path TO "${schema}"`);
  for (const name of readdirSync(MIGRATIONS)
    .filter((n) => !n.endsWith('.toml'))
    .sort())
    await admin.query(
      readFileSync(join(MIGRATIONS, name, 'migration.sql'), 'utf8'),
    );
  const url = new URL(connectionString);
  url.searchParams.set('schema', schema);
  return {
    schema,
    url: url.toString(),
    /** Connected with search_path on the test schema, for assertions on what was stored. */
    sql: admin,
    async drop(): Promise<void> {
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
    },
  };
}

/** Schemas of test runs killed before their cleanup (older than an hour) are dropped by the next run. */
async function dropAbandonedSchemas(admin: Client): Promise<void> {
  const { rows } = await admin.query<{ name: string }>(
    "SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE 'auth\\_test\\_%'",
  );
  const hourAgo = Date.now() / 1000 - 3600;
  for (const { name } of rows) {
    const createdAt = Number(/^auth_test_(\d+)_/.exec(name)?.[1] ?? 0);
    if (createdAt < hourAgo)
      await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  }
}

/**
 * Fault tests elsewhere in the suite stop and restart PostgreSQL: wait for it (up to 30 s) rather
 * than fail, and never let a dropped idle connection crash jest.
 */
async function connectWithPatience(connectionString: string): Promise<Client> {
  for (let attempt = 1; ; attempt++) {
    const client = new Client({
      connectionString,
      connectionTimeoutMillis: 5000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (attempt >= 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
