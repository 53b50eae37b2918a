// Prometheus: Debian's binary with a config rendered into .stack/prometheus that scrapes the three
// services' own /metrics on 127.0.0.1 (the same job names as docker/prometheus/prometheus.yml).
import fs from 'node:fs';
import path from 'node:path';
import {
  debianBin,
  isRoot,
  mkdirs,
  run,
  sleep,
  tcpOpen,
  which,
  writeIfChanged,
} from './proc.mjs';
import { rel, repoRoot } from './config.mjs';
import { processComponent } from './component.mjs';

const files = (c) => ({
  conf: path.join(c.dirs.prometheus, 'prometheus.yml'),
  data: path.join(c.dirs.data, 'prometheus'),
});

const alertRules = path.join(repoRoot, 'docker', 'prometheus', 'alerts.yml');

/** The scrape config; `rules` is a rule file to load (compose's alerts) or null. */
export function renderPrometheusConfig(p, rules) {
  const jobs = p.targets.map(
    ({ job, address }) =>
      `  - job_name: ${job}\n    metrics_path: /metrics\n    static_configs:\n      - targets: ["${address}"]\n        labels:\n          service: ${job}\n`,
  );
  return [
    '# Rendered by tools/stack: the no-Docker Prometheus scraping the services on this machine.',
    'global:',
    `  scrape_interval: ${p.scrapeInterval}`,
    `  scrape_timeout: ${p.scrapeInterval}`,
    `  evaluation_interval: ${p.scrapeInterval}`,
    '  external_labels:',
    '    environment: local',
    ...(rules ? ['rule_files:', `  - ${JSON.stringify(rules)}`] : []),
    'scrape_configs:',
    ...jobs,
    `  - job_name: prometheus\n    static_configs:\n      - targets: ["127.0.0.1:${p.port}"]\n`,
  ].join('\n');
}

const prometheusBin = () => debianBin('prometheus', 'the stack');

/** Compose's alert rules, when present and valid for this Prometheus version; a bad file must not block the stack. */
async function usableRules(log) {
  if (!fs.existsSync(alertRules)) return null;
  const promtool = which('promtool');
  if (!promtool) return null;
  const r = await run(promtool, ['check', 'rules', alertRules]);
  if (r.code === 0) return alertRules;
  log(`${rel(alertRules)} rejected by promtool; started without alert rules`);
  return null;
}

/** Installing Debian's package starts its own daemon on 9090; only ours may run there. */
async function stopDebianDaemon(c, log) {
  if (!(await tcpOpen(c.host, c.prometheus.port)) || !isRoot()) return;
  if (!fs.existsSync('/etc/init.d/prometheus')) return;
  const r = await run('/etc/init.d/prometheus', ['status']);
  if (r.code !== 0) return;
  log("stopping Debian's prometheus service (it holds the port)");
  await run('/etc/init.d/prometheus', ['stop']);
  await sleep(500);
}

/** Ready = its own readiness endpoint answers 200. */
async function probe(c) {
  const res = await fetch(`http://${c.host}:${c.prometheus.port}/-/ready`, {
    signal: AbortSignal.timeout(2000),
  });
  await res.arrayBuffer();
  return res.status === 200;
}

export const prometheus = processComponent({
  name: 'prometheus',
  marker: (c) => files(c).conf,
  readyCapMs: 60000,
  stopTimeoutMs: 15000,
  probe,
  started: (c) => `, UI http://${c.host}:${c.prometheus.port}`,
  reloadSettleMs: 0, // SIGHUP re-reads the config; the collected series stay
  beforeSpawn: stopDebianDaemon,

  async prepare(c, log) {
    const f = files(c);
    prometheusBin();
    mkdirs(c.dirs.prometheus, f.data, c.dirs.logs);
    const changed = writeIfChanged(
      f.conf,
      renderPrometheusConfig(c.prometheus, await usableRules(log)),
    );
    const promtool = which('promtool');
    if (promtool) {
      const t = await run(promtool, ['check', 'config', f.conf]);
      if (t.code !== 0)
        throw new Error(
          `promtool rejected ${rel(f.conf)}:\n${(t.stdout + t.stderr).trim()}`,
        );
    }
    return changed;
  },

  command(c) {
    const f = files(c);
    return {
      cmd: prometheusBin(),
      args: [
        `--config.file=${f.conf}`,
        `--storage.tsdb.path=${f.data}`,
        `--storage.tsdb.retention.time=${c.prometheus.retention}`,
        `--web.listen-address=${c.host}:${c.prometheus.port}`,
        '--web.enable-lifecycle',
      ],
    };
  },
});
