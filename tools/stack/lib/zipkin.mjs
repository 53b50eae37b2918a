// Zipkin: where the natively started services send their traces (OTEL_TRACES_EXPORTER=zipkin), with
// its UI on http://127.0.0.1:9411/zipkin/. The server's exec jar from Maven Central, spans in memory.
import fs from 'node:fs';
import path from 'node:path';
import { ensureJars, ensureJava } from './deps.mjs';
import { processComponent } from './component.mjs';
import { rel } from './config.mjs';

const jarDir = (c) => path.join(c.dirs.lib, 'zipkin');

/** The URL the services post spans to and the UI's address, for `npm start` to pass and print. */
export const zipkinUrls = (c) => ({
  spans: `http://${c.host}:${c.zipkin.port}/api/v2/spans`,
  ui: `http://${c.host}:${c.zipkin.port}/zipkin/`,
});

/** Ready = its health check says UP (the port opens a moment before the storage is ready). */
async function probe(c) {
  const res = await fetch(`http://${c.host}:${c.zipkin.port}/health`, {
    signal: AbortSignal.timeout(2000),
  });
  return (
    res.ok &&
    /** @type {{ status?: string }} */ (await res.json()).status === 'UP'
  );
}

export const zipkin = processComponent({
  name: 'zipkin',
  // The jar's folder is under this STACK_DIR: a recycled pid or another checkout's Zipkin never matches.
  marker: (c) => jarDir(c),
  started: (c) => `, UI ${zipkinUrls(c).ui}`,
  // A Spring Boot server: about 10 s on a quiet machine, several times that on a busy one, so the
  // stack's whole STACK_READY_TIMEOUT.
  stopTimeoutMs: 15000,
  probe,

  async command(c, log) {
    const java = await ensureJava();
    const dir = await ensureJars(c, 'zipkin', log);
    const jar = fs.readdirSync(dir).find((f) => f.endsWith('.jar'));
    if (!jar)
      throw new Error(
        `no Zipkin jar in ${rel(dir)}: remove it to fetch it again`,
      );
    const { host } = c;
    const { port, heapOpts, maxSpans } = c.zipkin;
    return {
      cmd: java,
      args: [
        ...heapOpts.split(/\s+/).filter(Boolean),
        '-XX:+ExitOnOutOfMemoryError',
        '-jar',
        path.join(dir, jar),
        // Armeria serves the API and the UI; without an ip it would listen on every interface.
        `--armeria.ports[0].ip=${host}`,
        `--armeria.ports[0].port=${port}`,
        '--armeria.ports[0].protocols[0]=http',
      ],
      env: {
        STORAGE_TYPE: 'mem',
        MEM_MAX_SPANS: String(maxSpans),
        QUERY_PORT: String(port),
      },
    };
  },
});
