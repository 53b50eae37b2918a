#!/usr/bin/env node
// `npm test`: every test against the real stack. Installs the Debian packages the tests need (one
// apt-get run, before anything starts), starts the infrastructure when it is not up (and stops it
// again afterwards), builds the services, then runs lint (with knip's check of the dependencies),
// the launcher's own unit tests, the unit and integration suites of every project, the end-to-end
// suite and the offline checks of docker/, the k8s manifests and the docs (tools/ci).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '#tools/lib/workspace.mjs';
import { node, nx, run } from '#tools/lib/run.mjs';
import { prepare, status, stop, up } from '#tools/stack';

const step = (text) => console.log(`\n\u001b[1m==> ${text}\u001b[0m`);
const results = [];

async function stage(name, fn) {
  step(name);
  const started = Date.now();
  const code = await fn();
  results.push({
    name,
    ok: code === 0,
    seconds: (Date.now() - started) / 1000,
  });
  return code === 0;
}

async function main() {
  step('Prerequisites (Debian packages for the stack and the tests)');
  const installed = await prepare({ tests: true });
  console.log(
    installed.length ? `installed: ${installed.join(' ')}` : 'all present',
  );
  // Only what this run starts is stopped at the end: a stack someone left running stays up.
  const wasDown = (await status())
    .filter((c) => c.state !== 'up')
    .map((c) => c.component);
  const wasUp = wasDown.length === 0;
  if (!wasUp) {
    step('Starting Kafka, S3, PostgreSQL, the gateway, Prometheus and Zipkin');
    await up();
  }
  try {
    const built =
      (await stage('Prisma clients', () => node('tools/db/generate.mjs'))) &&
      (await stage('Build', () =>
        nx(['run-many', '-t', 'build', '--parallel=2']),
      ));
    // Lint includes the type check of tools/ (tsc --checkJs on the .mjs: the projects' typecheck
    // targets; the apps and libs are type-checked by their builds and ts-jest), the formatting
    // (prettier, code only: .prettierignore leaves prose out) and the dependencies: none declared
    // and unused, none imported and undeclared (ADR 20).
    await stage('Lint', async () => {
      const lint = await nx([
        'run-many',
        '-t',
        'lint',
        'typecheck',
        '--parallel=2',
      ]);
      const format = await node('node_modules/prettier/bin/prettier.cjs', [
        '--check',
        '--log-level=warn',
        '.',
      ]);
      if (format !== 0)
        console.error(
          'Unformatted files above: `npm run format` rewrites them.',
        );
      const deps = await node('node_modules/knip/bin/knip.js', [
        '--dependencies',
        '--no-progress',
        '--no-config-hints',
      ]);
      return lint || format || deps;
    });
    // The tools' own unit tests (node's test runner, no stack needed): the test targets of the
    // projects tagged type:tool (tools/stack, tools/lib); `npm run test:tools` runs the same files.
    await stage('Launcher unit tests (tools/)', () =>
      nx(['run-many', '-t', 'test', '--projects=tag:type:tool']),
    );
    // One project at a time and in band: fault tests stop Kafka or PostgreSQL for everyone.
    await stage('Unit and integration tests', () =>
      nx([
        'run-many',
        '-t',
        'test',
        '--exclude=system-e2e,tag:type:tool',
        '--parallel=1',
        '--runInBand',
        '--ci',
      ]),
    );
    if (built)
      await stage('End-to-end tests', () =>
        nx(['run', 'system-e2e:e2e', '--runInBand', '--ci']),
      );
    const offline = join(repoRoot, 'tools', 'ci', 'validate-offline.sh');
    if (existsSync(offline))
      await stage('Offline checks of docker/ and k8s', () =>
        run('bash', [offline]),
      );
  } finally {
    if (!wasUp) {
      step('Stopping the infrastructure this run started');
      for (const component of wasDown.reverse()) {
        try {
          await stop(component);
        } catch (error) {
          console.error(
            `[${component}] could not be stopped: ${error.message}`,
          );
        }
      }
    }
  }
  step('Summary');
  for (const r of results)
    console.log(
      `  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name} (${r.seconds.toFixed(0)} s)`,
    );
  const failed = results.filter((r) => !r.ok).length;
  console.log(`\nstages: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(`\nnpm test failed: ${error.message}`);
  process.exit(1);
});
