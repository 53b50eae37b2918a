#!/usr/bin/env node
// Generates the Prisma clients of the apps that own a schema. Runs offline: the clients use the
// query compiler shipped in the prisma package (engineType "client"), and the datasource variable
// only has to be set for the generator to read the schema, so a development default is supplied.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { APPS_WITH_DATABASE, repoRoot } from '#tools/lib/workspace.mjs';

// Without an engine binary the CLI tries to download one before generating; point it at a stand-in
// unless a real engine is installed (node_modules/@prisma/engines) or configured.
const hasEngine = readdirSync(
  join(repoRoot, 'node_modules', '@prisma', 'engines'),
).some((f) => f.startsWith('schema-engine'));
const engineEnv =
  process.env.PRISMA_SCHEMA_ENGINE_BINARY || hasEngine
    ? {}
    : {
        PRISMA_SCHEMA_ENGINE_BINARY: join(
          repoRoot,
          'tools',
          'db',
          'no-schema-engine.sh',
        ),
      };

let failed = false;
for (const { app, urlVariable, defaultUrl } of APPS_WITH_DATABASE) {
  const schema = join('apps', app, 'prisma', 'schema.prisma');
  if (!existsSync(join(repoRoot, schema))) continue;
  const result = spawnSync(
    join(repoRoot, 'node_modules', '.bin', 'prisma'),
    ['generate', '--schema', schema],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...engineEnv,
        [urlVariable]: process.env[urlVariable] ?? defaultUrl,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
      encoding: 'utf8',
    },
  );
  if (result.status === 0) console.log(`prisma client generated for ${app}`);
  else {
    failed = true;
    console.error(
      `prisma generate failed for ${app}:\n${result.stdout}${result.stderr}`,
    );
  }
}
process.exit(failed ? 1 : 0);
