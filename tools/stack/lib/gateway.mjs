// Gateway: Debian's nginx with docker/gateway/nginx.conf.template rendered into .stack/nginx.
import fs from 'node:fs';
import path from 'node:path';
import { debianBin, mkdirs, run, writeIfChanged } from './proc.mjs';
import { rel } from './config.mjs';
import { processComponent } from './component.mjs';

const files = (c) => ({
  prefix: c.dirs.nginx + path.sep,
  conf: path.join(c.dirs.nginx, 'nginx.conf'),
});

/** Substitute only our ${NAME} placeholders; nginx's own $variables are left untouched. */
export function renderGatewayConfig(template, vars) {
  const names = Object.keys(vars).join('|');
  return template.replace(new RegExp(`\\$\\{(${names})\\}`, 'g'), (_, name) =>
    String(vars[name]),
  );
}

function render(c) {
  const template = fs.readFileSync(c.gateway.template, 'utf8');
  const body = renderGatewayConfig(template, {
    GATEWAY_HOST: c.gateway.host,
    GATEWAY_PORT: c.gateway.port,
    ...c.gateway.vars,
  });
  return `# Rendered by tools/stack from ${rel(c.gateway.template)}: edit the template, not this file.\n${body}`;
}

const nginxBin = () => debianBin('nginx', 'the gateway');

// -e stderr: without it nginx opens its compiled-in /var/log/nginx/error.log before reading the config.
const baseArgs = (f) => ['-e', 'stderr', '-p', f.prefix, '-c', f.conf];

/** Ready = our route table answers: an unknown path gets the JSON 404. */
async function probe(c) {
  const res = await fetch(
    `http://${c.host}:${c.gateway.port}/v1/api/__stack_probe`,
    { signal: AbortSignal.timeout(2000) },
  );
  const body = await res.text();
  try {
    return res.status === 404 && JSON.parse(body).statusCode === 404;
  } catch {
    throw new Error(
      `port ${c.gateway.port} answers, but not with the gateway's JSON 404`,
    );
  }
}

export const gateway = processComponent({
  name: 'gateway',
  marker: (c) => files(c).prefix,
  readyCapMs: 30000,
  // SIGTERM is nginx's fast shutdown: open streams are cut instead of keeping `down` waiting.
  stopTimeoutMs: 10000,
  probe,
  // New upstreams/port: a graceful reload, running streams finish; the old workers still answer
  // new connections for a moment.
  reloadSettleMs: 500,

  async prepare(c) {
    const f = files(c);
    mkdirs(c.dirs.nginx, c.dirs.logs);
    const changed = writeIfChanged(f.conf, render(c));
    // stdout to /dev/null: nginx opens /dev/stdout for the access log, which fails on node's socket pipes.
    const t = await run(nginxBin(), ['-t', '-q', ...baseArgs(f)], {
      ignoreStdout: true,
    });
    if (t.code !== 0)
      throw new Error(
        `nginx rejected ${rel(f.conf)} (rendered from ${rel(c.gateway.template)}):\n${t.stderr.trim()}`,
      );
    return changed;
  },

  command: (c) => ({
    cmd: nginxBin(),
    args: [...baseArgs(files(c)), '-g', 'daemon off;'],
  }),
});
