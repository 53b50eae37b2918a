// Prisma migrations for the apps that have a schema (the apps may not exist yet).
//
// `prisma migrate deploy` needs Prisma's native schema engine, which Prisma downloads from its own
// server, not from npm; where that server is unreachable (this project's machines reach only the
// package registries) the engine is missing. Then the same migration.sql files are applied with
// `pg`, recorded in `_prisma_migrations` exactly as Prisma records them, so that a later real
// `prisma migrate deploy` sees them as applied.  STACK_MIGRATOR=prisma|sql|auto (default auto).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './config.mjs';
import { npmModule } from './deps.mjs';
import { run, which } from './proc.mjs';

function prismaEngineAvailable() {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY) return true;
  const dir = path.join(repoRoot, 'node_modules', '@prisma', 'engines');
  try {
    return fs.readdirSync(dir).some((f) => f.startsWith('schema-engine'));
  } catch {
    return false;
  }
}

async function prismaDeploy(m, env) {
  const npx = which('npx');
  if (!npx) throw new Error('npx not found: install Node.js/npm');
  const args = [
    '--no-install',
    'prisma',
    'migrate',
    'deploy',
    '--schema',
    m.schema,
  ];
  const r = await run(npx, args, { cwd: repoRoot, env });
  if (r.code !== 0) {
    throw new Error(
      `prisma migrate deploy for ${m.app} failed (npx ${args.join(' ')}):\n${(r.stdout + r.stderr).trim().slice(-3000)}`,
    );
  }
  return (
    /\d+ migrations? .*applied|No pending migrations[^\n]*/i.exec(
      r.stdout,
    )?.[0] ?? 'applied'
  );
}

const PRISMA_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

const ident = (s) => `"${s.replace(/"/g, '""')}"`;

/** Apply migrations/<name>/migration.sql in name order, each in a transaction, Prisma-style bookkeeping. */
async function sqlDeploy(m, url) {
  const dir = path.join(repoRoot, path.dirname(m.schema), 'migrations');
  const names = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((n) => fs.existsSync(path.join(dir, n, 'migration.sql')))
        .sort()
    : [];
  const u = new URL(url);
  const schema = u.searchParams.get('schema') || 'public';
  u.search = ''; // `schema` is Prisma's parameter, not libpq's
  const { Client } = npmModule('pg');
  const db = new Client({
    connectionString: u.toString(),
    connectionTimeoutMillis: 5000,
  });
  await db.connect();
  try {
    // One migrator at a time per schema (two `up`s, or a service starting its own migration).
    await db.query('SELECT pg_advisory_lock(hashtext($1))', [
      `stack-migrate:${schema}`,
    ]);
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
    await db.query(`SET search_path TO ${ident(schema)}`);
    await db.query(PRISMA_MIGRATIONS_TABLE);
    const done = await db.query(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const applied = new Map(done.rows.map((r) => [r.migration_name, r]));
    let count = 0;
    for (const name of names) {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'));
      const checksum = crypto.createHash('sha256').update(sql).digest('hex');
      const prev = applied.get(name);
      if (prev?.finished_at) {
        if (prev.checksum !== checksum)
          console.warn(
            `[postgres] warning: ${m.app} migration ${name} was edited after it was applied`,
          );
        continue;
      }
      if (prev)
        throw new Error(
          `${m.app} migration ${name} failed earlier and is not finished: fix the database, then remove its row from ${schema}._prisma_migrations`,
        );
      await db.query('BEGIN');
      try {
        await db.query(sql.toString('utf8'));
        await db.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [crypto.randomUUID(), checksum, name],
        );
        await db.query('COMMIT');
      } catch (e) {
        await db.query('ROLLBACK').catch(() => {});
        throw new Error(`${m.app} migration ${name} failed: ${e.message}`);
      }
      count++;
    }
    return count
      ? `${count} migration(s) applied (sql)`
      : 'no pending migrations (sql)';
  } finally {
    await db.end().catch(() => {});
  }
}

/** urls: { accessLogUrl, authUrl } from the config; m.env names which one an app uses. */
export async function migrate(c, log) {
  const mode = process.env.STACK_MIGRATOR || 'auto';
  for (const m of c.pg.migrations) {
    if (!fs.existsSync(path.join(repoRoot, m.schema))) continue;
    const url = c.pg[m.env];
    // The schemas read their own variable (e.g. ACCESS_LOG_DATABASE_URL); DATABASE_URL for older ones.
    const env = { DATABASE_URL: url, [m.envVar]: url };
    const usePrisma =
      mode === 'prisma' || (mode === 'auto' && prismaEngineAvailable());
    const result = usePrisma
      ? await prismaDeploy(m, env)
      : await sqlDeploy(m, url);
    log(`migrations for ${m.app}: ${result}`);
  }
}
