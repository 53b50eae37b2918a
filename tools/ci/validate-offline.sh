#!/usr/bin/env bash
# Offline validation of everything that ships outside the Node apps, for machines without a Docker
# engine or a Kubernetes cluster (CI). Exits non-zero if any check fails and prints what it checked:
#   1. docker compose file           docker-compose config
#   2. gateway nginx config          the template rendered as the compose gateway renders it, then `nginx -t`
#   3. Dockerfiles                   dockerfile-utils lint + the project's image rules
#   4. Prometheus / Grafana          promtool check config/rules, alert unit tests, dashboard PromQL, provisioning, metric names
#   5. Kubernetes                    kubectl kustomize of every overlay + OpenAPI schema + strict fields + project rules
#   5b. environment variable names   every variable compose and the manifests set is one an app reads
#   6. docs site                     mkdocs build --strict (README.md as the index, like docs:prepare)
#   7. CODEOWNERS                    every app and lib has an owning team
# Tools: Debian packages are installed when missing (apt-get); npm packages (pinned) go to a cache
# directory outside the repo ($VALIDATE_TOOLS_DIR, default ~/.cache/video-streaming-ci-tools), so
# package.json is untouched. Both are skipped once present.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
TOOLS_DIR="${VALIDATE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/video-streaming-ci-tools}"
NPM_TOOLS=(kubernetes-models@5.1.0 yaml@2.9.1 dockerfile-utils@0.16.3)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
START=$SECONDS
FAILED=()

# Node 22 from the workspace when present (kubernetes-models needs >= 22).
NODE="$ROOT/node_modules/.bin/node"
[ -x "$NODE" ] || NODE="$(command -v node)"
TSC="$ROOT/node_modules/typescript/lib/tsc.js"

section() { printf '\n== %s\n' "$*"; }
ok() { printf '  ok: %s\n' "$*"; }
bad() { printf '  FAIL: %s\n' "$*"; FAILED+=("$1"); }
# run <label> <command...>: runs a check, prints its output indented on failure.
run() {
  local label="$1"; shift
  local out
  if out="$("$@" 2>&1)"; then ok "$label"; else bad "$label"; printf '%s\n' "$out" | sed 's/^/    /' | tail -40; fi
}

APT_UPDATED=0
need_apt() { # need_apt <command> <debian package>
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "  installing Debian package $2 (for $1)"
  if [ "$APT_UPDATED" = 0 ]; then apt-get update -qq >/dev/null 2>&1 || true; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null 2>&1
  command -v "$1" >/dev/null 2>&1 || { echo "  cannot install $2: $1 is missing"; return 1; }
}

need_npm_tools() {
  local stamp="$TOOLS_DIR/.installed"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "${NPM_TOOLS[*]}" ]; then return 0; fi
  echo "  installing npm tools into $TOOLS_DIR: ${NPM_TOOLS[*]}"
  mkdir -p "$TOOLS_DIR"
  [ -f "$TOOLS_DIR/package.json" ] || echo '{"name":"video-streaming-ci-tools","private":true}' > "$TOOLS_DIR/package.json"
  (cd "$TOOLS_DIR" && npm install --no-audit --no-fund --no-save --loglevel=error "${NPM_TOOLS[@]}" >/dev/null) || return 1
  echo "${NPM_TOOLS[*]}" > "$stamp"
}

section "tools"
for pair in docker-compose:docker-compose nginx:nginx promtool:prometheus mkdocs:mkdocs envsubst:gettext-base; do
  need_apt "${pair%%:*}" "${pair##*:}" || bad "tool ${pair%%:*}"
done
# kubectl ships with kustomize; the google-cloud `kubectl` package is preferred, Debian's
# kubernetes-client is older (its kustomize predates the `patches`/`labels` fields used here).
command -v kubectl >/dev/null 2>&1 || need_apt kubectl kubectl || need_apt kubectl kubernetes-client || bad "tool kubectl"
need_npm_tools || bad "npm tools"
KUSTOMIZE_VERSION="$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v//p')"
echo "  node $("$NODE" --version), docker-compose $(docker-compose version --short 2>/dev/null), $(nginx -v 2>&1 | sed 's/.*: //'), promtool $(promtool --version 2>/dev/null | sed -n '1s/^promtool, version \([^ ]*\).*/\1/p'), kustomize ${KUSTOMIZE_VERSION:-?}, mkdocs $(mkdocs --version 2>/dev/null | awk '{print $3}')"
case "$KUSTOMIZE_VERSION" in [4-9].*) ;; *) bad "kustomize >= v4 required (kubectl $KUSTOMIZE_VERSION)";; esac

section "1. docker compose (docker/docker-compose.yml)"
run "docker-compose config is valid" docker-compose -f docker/docker-compose.yml config -q
docker-compose -f docker/docker-compose.yml config > "$WORK/compose.yml" 2>/dev/null
EXPECTED_SERVICES="access-log-consumer auth-service gateway grafana jaeger kafka kafka-init migrate postgres prometheus s3 s3-init stream-service transcode-worker"
SERVICES="$(docker-compose -f docker/docker-compose.yml config --services 2>/dev/null | sort | xargs)"
if [ "$SERVICES" = "$EXPECTED_SERVICES" ]; then ok "services: $SERVICES"; else bad "compose services"; echo "    got:      $SERVICES"; echo "    expected: $EXPECTED_SERVICES"; fi
run "published ports match ARCHITECTURE.md" "$NODE" --input-type=module -e "
  const { parse } = await import('$TOOLS_DIR/node_modules/yaml/dist/index.js');
  const { readFileSync } = await import('node:fs');
  const c = parse(readFileSync('$WORK/compose.yml', 'utf8'));
  const want = { gateway: 3000, 'auth-service': 3010, 'stream-service': 3020, 'access-log-consumer': 3030, 'transcode-worker': 3040, kafka: 9092, s3: 4566, postgres: 5432, prometheus: 9090, grafana: 3001, jaeger: [16686, 4318] };
  const bad = [];
  for (const [svc, ports] of Object.entries(want)) {
    const published = (c.services[svc].ports ?? []).map((p) => Number(typeof p === 'object' ? p.published : String(p).split(':')[0]));
    for (const p of [ports].flat()) if (!published.includes(p)) bad.push(svc + ' does not publish ' + p);
  }
  for (const [name, s] of Object.entries(c.services)) if (s.build && !s.healthcheck && name !== 'migrate') bad.push(name + ' has no healthcheck');
  if (bad.length) { console.log(bad.join('\n')); process.exit(1); }
"

section "2. gateway (docker/gateway/nginx.conf.template, rendered as in the compose gateway)"
# The official nginx image substitutes only the variables matching NGINX_ENVSUBST_FILTER.
gateway_env() { awk -v k="$1" '$0 ~ "^  gateway:" {g=1} g && $1 == k":" {sub(/^[^:]*: */, ""); gsub(/^'\''|'\''$/, ""); print; exit}' "$WORK/compose.yml"; }
FILTER="$(gateway_env NGINX_ENVSUBST_FILTER)"
PLACEHOLDERS="$(grep -v '^[[:space:]]*#' docker/gateway/nginx.conf.template | grep -o '\${[A-Z0-9_]*}' | sort -u | tr -d '${}' | xargs)"
MISSING=""
for v in $PLACEHOLDERS; do
  [ -n "$(gateway_env "$v")" ] || MISSING="$MISSING $v"
  echo "$v" | grep -Eq "$FILTER" || MISSING="$MISSING $v(filter)"
done
if [ -z "$MISSING" ]; then ok "compose gateway sets and substitutes every placeholder: $PLACEHOLDERS"; else bad "gateway placeholders not set by compose:$MISSING"; fi
mkdir -p "$WORK/nginx-compose" "$WORK/nginx-check"
(
  for v in $PLACEHOLDERS; do export "$v=$(gateway_env "$v")"; done
  envsubst "$(printf '${%s} ' $PLACEHOLDERS)" < docker/gateway/nginx.conf.template > "$WORK/nginx-compose/nginx.conf"
)
if grep -v '^[[:space:]]*#' "$WORK/nginx-compose/nginx.conf" | grep -q '\${'; then bad "rendered compose config still has placeholders"; else ok "compose render: $(grep -E '^\s*server [a-z0-9-]+:[0-9]+;' "$WORK/nginx-compose/nginx.conf" | awk '{print $2}' | tr -d ';' | xargs)"; fi
# Compose host names do not resolve here: the syntax check uses loopback upstreams, everything else identical.
# The container's volumes (edge log, slice cache) are directories of the work dir here.
sed -E -e 's/^(\s*server )[a-z0-9-]+(:[0-9]+;)/\1127.0.0.1\2/' \
  -e "s#/var/cache/nginx/edge#$WORK/nginx-check/edge-cache#g; s#/var/log/edge/#$WORK/nginx-check/#g" \
  "$WORK/nginx-compose/nginx.conf" > "$WORK/nginx-check/nginx.conf"
run "nginx -t on the rendered gateway config" nginx -t -q -p "$WORK/nginx-check/" -c nginx.conf -e stderr

section "3. Dockerfiles"
"$NODE" tools/ci/lint-dockerfiles.mjs --tools "$TOOLS_DIR" docker/*.Dockerfile || bad "Dockerfile lint"
for f in docker/*.Dockerfile; do
  [ -f "$f.dockerignore" ] || bad "$f has no $f.dockerignore"
done

section "4. Prometheus and Grafana (docker/prometheus, docker/grafana)"
mkdir -p "$WORK/prom"
cp docker/prometheus/alerts.yml "$WORK/prom/alerts.yml"
sed 's#/etc/prometheus/alerts.yml#alerts.yml#' docker/prometheus/prometheus.yml > "$WORK/prom/prometheus.yml"
run "promtool check config" promtool check config "$WORK/prom/prometheus.yml"
run "promtool check rules" promtool check rules docker/prometheus/alerts.yml
run "promtool test rules (alerts fire on the apps' series)" promtool test rules docker/prometheus/alerts.test.yml
# Every dashboard query must parse: they become recording rules for promtool.
"$NODE" -e "
  const fs = require('node:fs');
  const d = JSON.parse(fs.readFileSync('docker/grafana/dashboards/video-streaming.json', 'utf8'));
  const exprs = d.panels.flatMap((p) => p.targets.map((t) => t.expr.replaceAll('\$__rate_interval', '1m').replaceAll('\$service', '.*')));
  const rules = exprs.map((e, i) => '      - record: dashboard:q' + i + '\n        expr: ' + JSON.stringify(e));
  fs.writeFileSync('$WORK/prom/dashboard-rules.yml', 'groups:\n  - name: dashboard\n    rules:\n' + rules.join('\n') + '\n');
  const ds = fs.readFileSync('docker/grafana/provisioning/datasources/datasources.yml', 'utf8');
  const uids = new Set(d.panels.map((p) => p.datasource.uid));
  for (const u of uids) if (!ds.includes('uid: ' + u)) { console.error('datasource uid ' + u + ' is not provisioned'); process.exit(1); }
  console.log(d.panels.length + ' panels, ' + exprs.length + ' queries');
" > "$WORK/prom/dashboard.txt" 2>&1 && ok "dashboard JSON: $(cat "$WORK/prom/dashboard.txt"), datasources provisioned" || { bad "dashboard JSON"; sed 's/^/    /' "$WORK/prom/dashboard.txt"; }
run "dashboard PromQL parses (promtool check rules)" promtool check rules "$WORK/prom/dashboard-rules.yml"
# The viewing-analytics dashboard queries PostgreSQL: its datasource must be provisioned, and its
# SQL may only name tables that access-log-consumer's migrations create (a rename breaks it here).
"$NODE" -e "
  const fs = require('node:fs');
  const d = JSON.parse(fs.readFileSync('docker/grafana/dashboards/viewing-analytics.json', 'utf8'));
  const ds = fs.readFileSync('docker/grafana/provisioning/datasources/datasources.yml', 'utf8');
  const dir = 'apps/access-log-consumer/prisma/migrations';
  const ddl = fs.readdirSync(dir).map((m) => fs.readFileSync(dir + '/' + m + '/migration.sql', 'utf8')).join('\\n');
  let queries = 0;
  for (const p of d.panels) {
    if (!ds.includes('uid: ' + p.datasource.uid)) throw new Error('panel ' + p.title + ': datasource uid ' + p.datasource.uid + ' is not provisioned');
    for (const t of p.targets) {
      queries++;
      if (!t.rawSql.includes('\$__timeFilter(')) throw new Error('panel ' + p.title + ': no \$__timeFilter, it would read every row');
      for (const [, table] of t.rawSql.matchAll(/access_log\.([a-z_]+)/g))
        if (!ddl.includes('CREATE TABLE \"' + table + '\"')) throw new Error('panel ' + p.title + ': table ' + table + ' is not created by a migration');
    }
  }
  console.log(d.panels.length + ' panels, ' + queries + ' SQL queries');
" > "$WORK/prom/analytics-dashboard.txt" 2>&1 && ok "analytics dashboard JSON: $(cat "$WORK/prom/analytics-dashboard.txt"), tables exist, datasource provisioned" || { bad "analytics dashboard JSON"; sed 's/^/    /' "$WORK/prom/analytics-dashboard.txt"; }
# The metric names the dashboard and alerts use are a contract with the apps: docs/metrics.md lists
# them (failure if not); a name no app defines yet is reported as a note, not a failure.
METRICS="$(cat docker/grafana/dashboards/video-streaming.json docker/prometheus/alerts.yml | grep -oE '\b(http|video|s3|auth|access_log)_[a-z0-9_]+\b' | sed -E 's/_(bucket|count|sum)$//' | sort -u)"
UNDOC=""; UNDEFINED=""
for m in $METRICS; do
  grep -q "\`$m\`" docs/metrics.md 2>/dev/null || UNDOC="$UNDOC $m"
  grep -rqs --include='*.ts' --exclude='*spec.ts' --exclude-dir=generated --exclude-dir=node_modules --exclude-dir=system-e2e -e "$m" apps libs || UNDEFINED="$UNDEFINED $m"
done
if [ -z "$UNDOC" ]; then ok "metric names documented in docs/metrics.md: $(echo $METRICS | wc -w)"; else bad "metrics missing from docs/metrics.md:$UNDOC"; fi
[ -z "$UNDEFINED" ] || echo "  note: not defined by any app or lib yet:$UNDEFINED"

section "5. Kubernetes (docker/k8s: kustomize render + schema validation)"
RENDERED=()
for dir in docker/k8s/base docker/k8s/overlays/*/; do
  dir="${dir%/}"; name="$(basename "$dir")"
  if kubectl kustomize "$dir" > "$WORK/k8s-$name.yaml" 2> "$WORK/k8s-$name.err"; then
    ok "kubectl kustomize $dir ($(grep -c '^kind:' "$WORK/k8s-$name.yaml") objects)"
    [ "$name" = base ] || RENDERED+=("$name=$WORK/k8s-$name.yaml")
  else
    bad "kubectl kustomize $dir"; sed 's/^/    /' "$WORK/k8s-$name.err"
  fi
  # Deprecation warnings from kustomize count as failures: they break on the next kustomize.
  if grep -qi warning "$WORK/k8s-$name.err"; then bad "kustomize warnings for $dir"; sed 's/^/    /' "$WORK/k8s-$name.err"; fi
done
if [ "${#RENDERED[@]}" -gt 0 ]; then
  "$NODE" tools/ci/validate-k8s.mjs --tools "$TOOLS_DIR" --tsc "$TSC" "${RENDERED[@]}" || bad "Kubernetes manifests"
fi

section "5b. environment variable names (compose and Kubernetes against what the apps read)"
if [ "${#RENDERED[@]}" -gt 0 ]; then
  "$NODE" tools/ci/check-env-names.mjs --tools "$TOOLS_DIR" "$WORK/compose.yml" "${RENDERED[@]#*=}" || bad "environment variable names"
fi

section "6. docs site (mkdocs build --strict)"
mkdir -p "$WORK/docs-site"
cp -r mkdocs.yml docs "$WORK/docs-site/" 2>/dev/null
if [ -f README.md ]; then
  # What `npm run docs:prepare` does: README.md becomes the site's index.
  cp README.md "$WORK/docs-site/docs/index.md"
elif [ ! -f "$WORK/docs-site/docs/index.md" ]; then
  printf '# Video streaming\n\nREADME.md is copied here by `npm run docs:prepare`.\n' > "$WORK/docs-site/docs/index.md"
fi
# The copy's links into the repository are resolved against the real root (docs/.hooks/repo_links.py).
if DOCS_REPO_ROOT="$ROOT" mkdocs build --strict -f "$WORK/docs-site/mkdocs.yml" -d "$WORK/docs-site/site" > "$WORK/mkdocs.log" 2>&1; then
  ok "mkdocs build --strict ($(find "$WORK/docs-site/docs" -name '*.md' | wc -l) pages)"
else
  bad "mkdocs build --strict"; grep -E 'WARNING|ERROR|Error|Aborted' "$WORK/mkdocs.log" | sed -E 's/\x1b\[[0-9;]*m//g; s/^/    /'
fi

section "7. CODEOWNERS"
MISSING_OWNERS=""
for p in apps/*/ libs/*/; do
  grep -Eq "^/${p%/}/?[[:space:]]+@video-streaming/" .github/CODEOWNERS 2>/dev/null || MISSING_OWNERS="$MISSING_OWNERS ${p%/}"
done
if [ -z "$MISSING_OWNERS" ]; then ok "every app and lib has an owning team"; else bad "no CODEOWNERS entry for:$MISSING_OWNERS"; fi

echo
if [ "${#FAILED[@]}" -gt 0 ]; then
  echo "validate-offline: ${#FAILED[@]} check(s) failed in $((SECONDS - START)) s: ${FAILED[*]}"
  exit 1
fi
echo "validate-offline: all checks passed in $((SECONDS - START)) s"
