// Lints the Dockerfiles offline: dockerfile-utils' validator (the parser behind the Docker
// language server: unknown instructions, bad flags, malformed JSON arrays, ...) with every
// warning treated as an error, then the project's rules for a service image.
// Usage: node lint-dockerfiles.mjs --tools <dir with node_modules> <Dockerfile>...
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const toolsDir = path.resolve(args.splice(args.indexOf('--tools'), 2)[1]);
// Installed by validate-offline.sh into its own tools directory, not the workspace's node_modules:
// loaded from there, untyped here.
const requireTool = createRequire(
  path.join(toolsDir, 'node_modules', 'noop.js'),
);
const { validate, ValidationSeverity } = requireTool('dockerfile-utils');
const { DockerfileParser } = requireTool('dockerfile-ast');

const E = ValidationSeverity.ERROR;
const settings = {
  deprecatedMaintainer: E,
  directiveCasing: E,
  emptyContinuationLine: E,
  instructionCasing: E,
  instructionCmdMultiple: E,
  instructionEntrypointMultiple: E,
  instructionHealthcheckMultiple: E,
  instructionJSONInSingleQuotes: E,
  instructionWorkdirRelative: E,
};

let failed = 0;
for (const file of args) {
  const text = fs.readFileSync(file, 'utf8');
  const problems = validate(text, settings).map(
    (d) => `line ${d.range.start.line + 1}: ${d.message}`,
  );
  const df = DockerfileParser.parse(text);
  const instr = df.getInstructions();
  const of = (kw) => instr.filter((i) => i.getKeyword() === kw);
  const froms = df.getFROMs();
  const isService = !path.basename(file).startsWith('migrate');
  const rule = (ok, msg) => ok || problems.push(msg);

  // FROM ${NODE_IMAGE}: resolve the ARG default to check the base image.
  const nodeImage = df
    .getInitialARGs()
    .flatMap((a) => a.getProperties())
    .find((p) => p.getName() === 'NODE_IMAGE')
    ?.getValue();
  rule(
    /^node:22[.-]/.test(nodeImage ?? ''),
    `base image must be Node 22 (NODE_IMAGE=${nodeImage})`,
  );
  for (const f of froms)
    rule(
      (!/:latest\b/.test(f.getImage()) && f.getImage().includes(':')) ||
        f.getImage().startsWith('$'),
      `unpinned base image ${f.getImage()}`,
    );
  const users = of('USER');
  const lastUser = users.at(-1)?.getArgumentsContent() ?? 'root';
  rule(
    !/^(root|0)(:|$)/.test(lastUser),
    `the final stage must run as a non-root USER (got ${lastUser})`,
  );
  rule(
    users.length > 0 &&
      users.at(-1).getRange().start.line > froms.at(-1).getRange().start.line,
    'USER must be set in the final stage',
  );
  rule(
    of('LABEL').some((l) =>
      l
        .getArgumentsContent()
        .includes('org.opencontainers.image.version="${APP_VERSION}"'),
    ),
    'LABEL org.opencontainers.image.version="${APP_VERSION}" is required',
  );
  if (isService) {
    rule(
      froms.length >= 3,
      `multi-stage build expected (build, prod-deps, runtime), found ${froms.length} FROM`,
    );
    rule(of('HEALTHCHECK').length === 1, 'a HEALTHCHECK is required');
    rule(
      of('HEALTHCHECK').some((h) =>
        h.getArgumentsContent().includes('/health/'),
      ),
      'HEALTHCHECK must probe /health/live or /health/ready',
    );
    rule(
      of('RUN').some((r) =>
        /npm (ci|install) [^\n]*--omit=dev/.test(r.getArgumentsContent()),
      ),
      'production dependencies only: npm ci/install --omit=dev',
    );
    rule(
      of('ENV').some((e) =>
        /NODE_ENV=production/.test(e.getArgumentsContent()),
      ),
      'ENV NODE_ENV=production is required',
    );
    rule(
      of('ENV').some((e) =>
        /SERVICE_VERSION=\$\{APP_VERSION\}/.test(e.getArgumentsContent()),
      ),
      'ENV SERVICE_VERSION=${APP_VERSION} (reported by telemetry)',
    );
    rule(of('EXPOSE').length === 1, 'EXPOSE the service port');
  }
  if (problems.length) {
    failed++;
    console.log(`  ${file}: INVALID`);
    for (const p of problems) console.log(`    FAIL ${p}`);
  } else {
    console.log(
      `  ${file}: ok (${froms.length} stages, USER ${lastUser}${of('HEALTHCHECK').length ? ', HEALTHCHECK' : ''})`,
    );
  }
}
process.exit(failed ? 1 : 0);
