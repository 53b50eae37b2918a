// A component that is one long-running process of ours: status, start (spawn, wait until ready) and
// stop come from proc.mjs; a component only says how to run and how to probe its server.
import { rel } from './config.mjs';
import {
  ourPid,
  processStatus,
  spawnDetached,
  stopProcess,
  tcpOpen,
  waitReady,
} from './proc.mjs';

/**
 * spec: { name, port(c), logFile(c), marker(c) (a string of its command line unique to this
 * STACK_DIR), command(c, log) -> { cmd, args, env }, probe(c) -> truthy when ready,
 * readyTimeoutMs(c), stopTimeoutMs, portVar (the env var that moves it), started(c) -> text for
 * the log line }.
 */
export function processComponent(spec) {
  const ids = (c) => ({ pidName: spec.name, marker: spec.marker(c) });
  return {
    name: spec.name,
    address: (c) => `${c.host}:${spec.port(c)}`,
    logFile: (c) => spec.logFile(c),

    status(c) {
      return processStatus(c, {
        ...ids(c),
        port: spec.port(c),
        externalNote: 'port used by another process',
      });
    },

    async start(c, _opts = {}, log = () => {}) {
      const logFile = spec.logFile(c);
      let pid = ourPid(c, spec.name, spec.marker(c));
      let started = false;
      if (!pid) {
        if (await tcpOpen(c.host, spec.port(c)))
          throw new Error(
            `port ${spec.port(c)} is in use by another process: stop it or set ${spec.portVar}`,
          );
        const { cmd, args, env } = await spec.command(c, log);
        pid = await spawnDetached(c, spec.name, cmd, args, { logFile, env });
        started = true;
        log(
          `started (pid ${pid}, log ${rel(logFile)}${spec.started?.(c) ?? ''})`,
        );
      }
      await waitReady(spec.name, {
        probe: () => spec.probe(c),
        pid,
        logFile,
        timeoutMs: spec.readyTimeoutMs(c),
      });
      return { started };
    },

    stop(c, { force = false } = {}) {
      return stopProcess(c, {
        ...ids(c),
        force,
        timeoutMs: spec.stopTimeoutMs,
      });
    },
  };
}
