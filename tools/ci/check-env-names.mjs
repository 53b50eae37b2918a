// Every environment variable the deployment files set for the apps must be one an app reads:
// a misspelt name (KAFKA_BROKER) would otherwise be ignored silently and the default used.
// Known names: the keys of apps/*/src/config.ts and libs' *.config.ts schemas, env['X'] / process.env.X reads in apps and
// libs, and the OpenTelemetry SDK's standard OTEL_* variables.
// Usage: node check-env-names.mjs --tools <dir> <compose config yaml> <rendered k8s yaml>...
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const toolsDir = path.resolve(args.splice(args.indexOf('--tools'), 2)[1]);
const [composeFile, ...k8sFiles] = args;
const YAML = await import(
  pathToFileURL(path.join(toolsDir, 'node_modules/yaml/dist/index.js')).href
);

const known = new Set();
const sources = (dir) =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      (e) =>
        e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'),
    )
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .filter(
      (f) =>
        !f.includes(`${path.sep}generated${path.sep}`) &&
        !f.includes(`${path.sep}testing${path.sep}`),
    );
for (const root of ['apps', 'libs']) {
  for (const file of sources(root)) {
    const text = fs.readFileSync(file, 'utf8');
    if (/(^|\.)config\.ts$/.test(path.basename(file)))
      for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm))
        known.add(m[1]);
    for (const m of text.matchAll(
      /env\[['"]([A-Z][A-Z0-9_]+)['"]\]|process\.env\.([A-Z][A-Z0-9_]+)/g,
    ))
      known.add(m[1] ?? m[2]);
  }
}
const isKnown = (name) => known.has(name) || name.startsWith('OTEL_');

const problems = [];
let checked = 0;
const compose = YAML.parse(fs.readFileSync(composeFile, 'utf8'));
for (const [name, svc] of Object.entries(compose.services)) {
  if (!svc.build || name === 'migrate') continue;
  for (const key of Object.keys(svc.environment ?? {})) {
    checked++;
    if (!isKnown(key))
      problems.push(`compose ${name}: ${key} is read by no app`);
  }
}
for (const file of k8sFiles) {
  const overlay = path.basename(file).replace(/^k8s-|\.yaml$/g, '');
  for (const o of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map(
    (d) => d.toJS(),
  )) {
    if (!o) continue;
    const keys =
      o.kind === 'ConfigMap' || o.kind === 'Secret'
        ? // Keys with a dot are files mounted as volumes (e.g. the edge sidecar's nginx config), not variables.
          Object.keys({ ...o.data, ...o.stringData }).filter(
            (k) => !k.includes('.'),
          )
        : o.kind === 'Deployment'
          ? o.spec.template.spec.containers.flatMap((c) =>
              (c.env ?? []).map((e) => e.name),
            )
          : [];
    for (const key of keys) {
      checked++;
      if (!isKnown(key))
        problems.push(
          `k8s ${overlay} ${o.kind}/${o.metadata.name}: ${key} is read by no app`,
        );
    }
  }
}
if (known.size < 20)
  problems.push(
    `only ${known.size} variable names found in apps/ and libs/: is this the repository root?`,
  );
for (const p of problems) console.log(`  FAIL ${p}`);
console.log(
  `  ${checked} variable settings checked against ${known.size} names the apps read: ${problems.length ? 'INVALID' : 'ok'}`,
);
process.exit(problems.length ? 1 : 0);
