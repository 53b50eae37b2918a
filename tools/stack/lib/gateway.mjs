// Gateway: Debian's nginx with docker/gateway/nginx.conf.template rendered into .stack/nginx.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  mkdirs,
  ourPid,
  run,
  sleep,
  spawnDetached,
  tcpOpen,
  waitReady,
  which,
  writeIfChanged,
  processStatus,
  stopProcess,
} from './proc.mjs';
import { rel } from './config.mjs';

const files = (c) => ({
  prefix: c.dirs.nginx + path.sep,
  conf: path.join(c.dirs.nginx, 'nginx.conf'),
  log: path.join(c.dirs.logs, 'gateway.log'),
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

/** Installed beforehand by the stack's prerequisite step (tools/stack/lib/prereqs.mjs). */
function nginxBin() {
  const bin = which('nginx');
  if (!bin)
    throw new Error(
      "nginx not found: the gateway runs Debian's nginx (apt-get install -y nginx)",
    );
  return bin;
}

// -e stderr: without it nginx opens its compiled-in /var/log/nginx/error.log before reading the config.
const baseArgs = (f) => ['-e', 'stderr', '-p', f.prefix, '-c', f.conf];

/** Ready = our route table answers: an unknown path gets the JSON 404. */
function probe(c) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: c.host,
        port: c.gateway.port,
        path: '/v1/api/__stack_probe',
        timeout: 2000,
      },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => {
          try {
            resolve(
              res.statusCode === 404 && JSON.parse(body).statusCode === 404,
            );
          } catch {
            reject(
              new Error(
                `port ${c.gateway.port} answers, but not with the gateway's JSON 404`,
              ),
            );
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

export const gateway = {
  name: 'gateway',
  address: (c) => `${c.host}:${c.gateway.port}`,
  logFile: (c) => files(c).log,

  status(c) {
    return processStatus(c, {
      pidName: 'gateway',
      marker: files(c).prefix,
      port: c.gateway.port,
      externalNote: 'port used by another process',
    });
  },

  async start(c, _opts = {}, log = () => {}) {
    const f = files(c);
    const bin = nginxBin();
    mkdirs(c.dirs.nginx, c.dirs.logs);
    const changed = writeIfChanged(f.conf, render(c));
    // stdout to /dev/null: nginx opens /dev/stdout for the access log, which fails on node's socket pipes.
    const t = await run(bin, ['-t', '-q', ...baseArgs(f)], {
      ignoreStdout: true,
    });
    if (t.code !== 0)
      throw new Error(
        `nginx rejected ${rel(f.conf)} (rendered from ${rel(c.gateway.template)}):\n${t.stderr.trim()}`,
      );

    let pid = ourPid(c, 'gateway', f.prefix);
    let started = false;
    if (pid && changed) {
      process.kill(pid, 'SIGHUP'); // new upstreams/port: graceful reload, running streams finish
      await sleep(500); // the old workers still answer new connections for a moment
      log(`config changed; reloaded (pid ${pid})`);
    } else if (!pid) {
      if (await tcpOpen(c.host, c.gateway.port)) {
        throw new Error(
          `port ${c.gateway.port} is in use by another process: stop it or set GATEWAY_PORT`,
        );
      }
      pid = await spawnDetached(
        c,
        'gateway',
        bin,
        [...baseArgs(f), '-g', 'daemon off;'],
        { logFile: f.log },
      );
      started = true;
      log(`started (pid ${pid}, log ${rel(f.log)})`);
    }
    await waitReady('gateway', {
      probe: () => probe(c),
      pid,
      logFile: f.log,
      timeoutMs: Math.min(c.readyTimeoutMs, 30000),
    });
    return { started };
  },

  // SIGTERM is nginx's fast shutdown: open streams are cut instead of keeping `down` waiting.
  stop(c, { force = false } = {}) {
    return stopProcess(c, {
      pidName: 'gateway',
      marker: files(c).prefix,
      force,
      timeoutMs: 10000,
    });
  },
};
