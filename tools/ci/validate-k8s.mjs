// Validates rendered Kubernetes manifests offline (no API server):
//   1. schema: every object against the Kubernetes OpenAPI schema of its kind (kubernetes-models);
//   2. strict fields: the objects as TypeScript literals typed by the same models, so a misspelt or
//      misplaced field fails like `kubectl apply --validate=strict` would (excess property check);
//   3. project rules: probes, non-root read-only pods, /tmp emptyDir, resources, one Service, HPA,
//      PDB and NetworkPolicy per Deployment, the gateway routes on the Ingress, Secret references.
// Usage: node validate-k8s.mjs --tools <dir with node_modules> --tsc <tsc.js> <overlay>=<rendered.yaml>...
// Prints one line per check; exits 1 on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  if (i < 0 || !args[i + 1]) throw new Error(`missing ${name}`);
  return args.splice(i, 2)[1];
};
const toolsDir = path.resolve(opt('--tools'));
const tscJs = path.resolve(opt('--tsc'));
const inputs = args.map((a) => {
  const [overlay, file] = a.split('=');
  return { overlay, file };
});

const fromTools = (spec) =>
  pathToFileURL(path.join(toolsDir, 'node_modules', spec)).href;
const YAML = await import(fromTools('yaml/dist/index.js'));

const failures = [];
const fail = (where, msg) => failures.push(`${where}: ${msg}`);
const id = (o) => `${o.kind}/${o.metadata?.name}`;

const ROUTES = {
  // ARCHITECTURE.md gateway routing, split over the two hosts.
  auth: [['/v1/api/auth', 'auth-service']],
  stream: [
    ['/v1/api/video', 'stream-service'],
    ['/v1/api/videos', 'stream-service'],
    ['/v1/api/player', 'stream-service'],
    ['/v1/api/uploads', 'stream-service'],
    ['/v1/api/access-logs', 'access-log-consumer'],
  ],
};

async function schemaCheck(overlay, objects) {
  for (const o of objects) {
    const where = `${overlay} ${id(o)}`;
    let Model;
    try {
      const mod = await import(
        fromTools(`kubernetes-models/${o.apiVersion}/${o.kind}.js`)
      );
      Model = mod[o.kind];
    } catch {
      fail(where, `unknown apiVersion/kind ${o.apiVersion} ${o.kind}`);
      continue;
    }
    try {
      new Model(o).validate();
    } catch (e) {
      fail(where, `schema: ${e.message.split('\n').slice(0, 5).join(' | ')}`);
    }
  }
}

function strictFieldCheck(overlay, objects) {
  const dir = fs.mkdtempSync(path.join(toolsDir, 'strict-'));
  try {
    const lines = [];
    objects.forEach((o, i) => {
      const t = `T${i}`;
      lines.push(
        `import type { I${o.kind} as ${t} } from "kubernetes-models/${o.apiVersion}/${o.kind}";`,
      );
      lines.push(`// ${id(o)}`);
      lines.push(`export const o${i}: ${t} = ${JSON.stringify(o, null, 1)};`);
    });
    fs.writeFileSync(path.join(dir, 'manifests.ts'), lines.join('\n') + '\n');
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          types: [],
        },
        files: ['manifests.ts'],
      }),
    );
    const r = spawnSync(process.execPath, [tscJs, '-p', dir], {
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      const src = fs
        .readFileSync(path.join(dir, 'manifests.ts'), 'utf8')
        .split('\n');
      for (const line of (r.stdout + r.stderr)
        .split('\n')
        .filter((l) => l.includes('error TS'))) {
        // Name the object whose literal holds the error line.
        const m = /manifests\.ts\((\d+),/.exec(line);
        let owner = '?';
        if (m)
          for (let n = Number(m[1]) - 1; n >= 0; n--)
            if (src[n].startsWith('// ')) {
              owner = src[n].slice(3);
              break;
            }
        fail(`${overlay} ${owner}`, `field: ${line.replace(/^.*error /, '')}`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function projectRules(overlay, objects) {
  const byKind = (k) => objects.filter((o) => o.kind === k);
  const names = (k) => new Set(byKind(k).map((o) => o.metadata.name));
  const deployments = byKind('Deployment');
  if (deployments.length !== 4)
    fail(overlay, `expected 4 Deployments, found ${deployments.length}`);
  const podSpecs = [...deployments, ...byKind('Job')].map((o) => [
    o,
    o.spec.template.spec,
  ]);
  for (const [o, spec] of podSpecs) {
    const where = `${overlay} ${id(o)}`;
    if (spec.securityContext?.runAsNonRoot !== true)
      fail(where, 'pod securityContext.runAsNonRoot must be true');
    for (const c of spec.containers) {
      const sc = c.securityContext ?? {};
      if (sc.readOnlyRootFilesystem !== true)
        fail(where, `${c.name}: readOnlyRootFilesystem must be true`);
      if (sc.allowPrivilegeEscalation !== false)
        fail(where, `${c.name}: allowPrivilegeEscalation must be false`);
      if (!sc.capabilities?.drop?.includes('ALL'))
        fail(where, `${c.name}: capabilities must drop ALL`);
      if (
        !c.resources?.requests?.cpu ||
        !c.resources?.requests?.memory ||
        !c.resources?.limits?.memory
      )
        fail(
          where,
          `${c.name}: cpu/memory requests and a memory limit are required`,
        );
      const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === '/tmp');
      const vol = tmp && (spec.volumes ?? []).find((v) => v.name === tmp.name);
      if (!vol?.emptyDir)
        fail(where, `${c.name}: /tmp must be an emptyDir mount`);
      if (/:latest$|^[^:]+$/.test(c.image))
        fail(where, `${c.name}: image ${c.image} needs a pinned tag`);
      if (o.kind === 'Deployment') {
        if (c.livenessProbe?.httpGet?.path !== '/health/live')
          fail(where, 'liveness probe must GET /health/live');
        if (c.readinessProbe?.httpGet?.path !== '/health/ready')
          fail(where, 'readiness probe must GET /health/ready');
      }
    }
  }
  for (const k of [
    'Service',
    'HorizontalPodAutoscaler',
    'PodDisruptionBudget',
    'NetworkPolicy',
  ]) {
    const have = names(k);
    for (const d of deployments)
      if (!have.has(d.metadata.name))
        fail(`${overlay} ${id(d)}`, `no ${k} named ${d.metadata.name}`);
  }
  for (const h of byKind('HorizontalPodAutoscaler')) {
    if (!names('Deployment').has(h.spec.scaleTargetRef.name))
      fail(`${overlay} ${id(h)}`, 'scales a Deployment that does not exist');
  }
  // Services and PDBs must select the pods of their Deployment.
  for (const o of [...byKind('Service'), ...byKind('PodDisruptionBudget')]) {
    const sel =
      o.kind === 'Service' ? o.spec.selector : o.spec.selector.matchLabels;
    const target = deployments.find((d) =>
      Object.entries(sel).every(
        ([k, v]) => d.spec.template.metadata.labels?.[k] === v,
      ),
    );
    if (!target) fail(`${overlay} ${id(o)}`, 'selects no Deployment pods');
  }
  if (!byKind('Job').some((j) => j.metadata.name.startsWith('migrate')))
    fail(overlay, 'no migration Job');
  if (
    !byKind('NetworkPolicy').some(
      (p) =>
        Object.keys(p.spec.podSelector).length === 0 &&
        p.spec.policyTypes.length === 2 &&
        !p.spec.ingress &&
        !p.spec.egress,
    )
  )
    fail(overlay, 'no default-deny NetworkPolicy');

  // Ingress: each host serves exactly the routes of ARCHITECTURE.md, to existing Service ports.
  const ingresses = byKind('Ingress');
  if (ingresses.length !== 1)
    fail(overlay, `expected 1 Ingress, found ${ingresses.length}`);
  for (const ing of ingresses) {
    const rules = ing.spec.rules ?? [];
    for (const [hostKey, expected] of Object.entries(ROUTES)) {
      const rule = rules.find((r) => r.host?.startsWith(`${hostKey}.`));
      if (!rule) {
        fail(`${overlay} ${id(ing)}`, `no ${hostKey}.* host`);
        continue;
      }
      const got = rule.http.paths.map((p) => [
        p.path,
        p.backend.service.name,
        p.pathType,
      ]);
      const want = expected.map(([p, s]) => [p, s, 'Prefix']);
      if (JSON.stringify(got) !== JSON.stringify(want))
        fail(
          `${overlay} ${id(ing)}`,
          `${rule.host} routes ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`,
        );
      for (const p of rule.http.paths) {
        const svc = byKind('Service').find(
          (s) => s.metadata.name === p.backend.service.name,
        );
        if (
          !svc?.spec.ports.some((sp) => sp.name === p.backend.service.port.name)
        )
          fail(`${overlay} ${id(ing)}`, `${p.path}: no such Service port`);
      }
    }
  }

  // Secret and ConfigMap references: dev renders all of them; prod renders no Secret at all.
  const refs = { Secret: new Set(), ConfigMap: new Set() };
  const walk = (v) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    if (v.secretKeyRef) refs.Secret.add(v.secretKeyRef.name);
    if (v.configMapKeyRef) refs.ConfigMap.add(v.configMapKeyRef.name);
    if (v.secretRef) refs.Secret.add(v.secretRef.name);
    if (v.configMapRef) refs.ConfigMap.add(v.configMapRef.name);
    if (v.secret?.secretName) refs.Secret.add(v.secret.secretName);
    Object.values(v).forEach(walk);
  };
  podSpecs.forEach(([, spec]) => walk(spec));
  for (const n of refs.ConfigMap)
    if (!names('ConfigMap').has(n))
      fail(overlay, `ConfigMap ${n} is referenced but not rendered`);
  const secrets = byKind('Secret');
  if (overlay === 'prod') {
    if (secrets.length)
      fail(
        overlay,
        `renders Secrets (${secrets.map(id).join(', ')}): prod Secrets are created outside git`,
      );
    console.log(
      `  ${overlay}: external Secrets expected: ${[...refs.Secret].sort().join(', ')}`,
    );
  } else {
    const optionalInDev = new Set(['auth-signing-keys']);
    for (const n of refs.Secret)
      if (!names('Secret').has(n) && !optionalInDev.has(n))
        fail(overlay, `Secret ${n} is referenced but not rendered`);
  }
}

for (const { overlay, file } of inputs) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'));
  const errors = docs.flatMap((d) => d.errors);
  if (errors.length) {
    fail(overlay, `YAML: ${errors[0].message}`);
    continue;
  }
  const objects = docs.map((d) => d.toJS()).filter(Boolean);
  // kustomize folds long base64 values over lines; the API server's decoder skips the newlines.
  for (const o of objects)
    if (o.kind === 'Secret' && o.data)
      for (const k of Object.keys(o.data))
        o.data[k] = o.data[k].replace(/\s+/g, '');
  const before = failures.length;
  await schemaCheck(overlay, objects);
  strictFieldCheck(overlay, objects);
  projectRules(overlay, objects);
  const kinds = Object.entries(
    objects.reduce((a, o) => ({ ...a, [o.kind]: (a[o.kind] ?? 0) + 1 }), {}),
  )
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  console.log(
    `  ${overlay}: ${objects.length} objects (${kinds}): ${failures.length === before ? 'valid' : 'INVALID'}`,
  );
}

if (failures.length) {
  for (const f of failures) console.log(`  FAIL ${f}`);
  process.exit(1);
}
