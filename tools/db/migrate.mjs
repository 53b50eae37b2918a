#!/usr/bin/env node
// Applies an app's Prisma migration folders (prisma/migrations/<name>/migration.sql) in order and
// records them in `_prisma_migrations` exactly as `prisma migrate deploy` does, so either tool can
// take over from the other. It exists because `prisma migrate deploy` needs a Rust schema-engine
// binary that is downloaded from outside the package registries, which this project cannot reach
// (see docs/adr/0002-prisma-without-rust-engines.md). Containers with network use Prisma's own.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const LOCK_ID = 72707369; // any constant: serialises concurrent runners on one database

/** Splits a Prisma-style URL into a pg connection string and the schema to migrate. */
export function parseDatabaseUrl(databaseUrl) {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema))
    throw new Error(`invalid schema name "${schema}" in the database URL`);
  return { connectionString: url.toString(), schema };
}

export function listMigrations(migrationsDir) {
  if (!existsSync(migrationsDir))
    throw new Error(`no migrations folder at ${migrationsDir}`);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter(
      (d) =>
        d.isDirectory() &&
        existsSync(join(migrationsDir, d.name, 'migration.sql')),
    )
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(
        join(migrationsDir, name, 'migration.sql'),
        'utf8',
      );
      return {
        name,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/**
 * Returns the names of the migrations it applied; throws if an applied one was edited since.
 * @param {{ databaseUrl: string, migrationsDir: string, log?: (line: string) => void }} options
 * @returns {Promise<string[]>}
 */
export async function applyMigrations({
  databaseUrl,
  migrationsDir,
  log = () => undefined,
}) {
  const { connectionString, schema } = parseDatabaseUrl(databaseUrl);
  const client = new pg.Client({ connectionString });
  await client.connect();
  const applied = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    for (const m of listMigrations(migrationsDir)) {
      if (done.has(m.name)) {
        if (done.get(m.name) !== m.checksum)
          throw new Error(
            `migration ${m.name} was edited after it was applied`,
          );
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${error.message}`);
      }
      log(`applied ${m.name} to schema ${schema}`);
      applied.push(m.name);
    }
  } finally {
    await client
      .query('SELECT pg_advisory_unlock($1)', [LOCK_ID])
      .catch(() => undefined);
    await client.end();
  }
  return applied;
}

// CLI: node tools/db/migrate.mjs <app dir> <database URL>
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [appDir, databaseUrl] = process.argv.slice(2);
  if (!appDir || !databaseUrl) {
    console.error(
      'usage: node tools/db/migrate.mjs <app dir, e.g. apps/access-log-consumer> <database URL with ?schema=>',
    );
    process.exit(2);
  }
  applyMigrations({
    databaseUrl,
    migrationsDir: resolve(appDir, 'prisma', 'migrations'),
    log: console.log,
  })
    .then((applied) =>
      console.log(
        applied.length
          ? `${applied.length} migration(s) applied`
          : 'database is up to date',
      ),
    )
    .catch((error) => {
      console.error(`migrate: ${error.message}`);
      process.exit(1);
    });
}
