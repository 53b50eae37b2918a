// Prisma migrations for the apps that have a schema (the apps may not exist yet).
//
// `prisma migrate deploy` needs Prisma's native schema engine, which Prisma downloads from its own
// server, not from npm; where that server is unreachable (this project's machines reach only the
// package registries) the engine is missing. Then the project's tools/db/migrate.mjs applies the
// same migration.sql files with `pg`, recorded in `_prisma_migrations` as Prisma records them.
// STACK_MIGRATOR=prisma|sql|auto (default auto: prisma when its schema engine is installed).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rel, repoRoot } from './config.mjs';
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

const RUNNER = path.join(repoRoot, 'tools', 'db', 'migrate.mjs');

/** The project's own runner: applies migration.sql folders with `pg`, recorded as Prisma does. */
async function sqlDeploy(m, url) {
  const migrationsDir = path.join(
    repoRoot,
    path.dirname(m.schema),
    'migrations',
  );
  if (!fs.existsSync(migrationsDir)) return 'no migrations folder';
  if (!fs.existsSync(RUNNER)) {
    throw new Error(
      `cannot apply ${m.app} migrations: Prisma's schema engine is not installed and ${rel(RUNNER)} is missing`,
    );
  }
  const { applyMigrations } = await import(pathToFileURL(RUNNER).href);
  const applied = await applyMigrations({ databaseUrl: url, migrationsDir });
  return `${applied.length ? `${applied.length} applied` : 'up to date'} (${rel(RUNNER)})`;
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
