// A component that is one long-running process: status, start (prepare, spawn, wait until ready,
// provision) and stop are the same for all of them; a component only says how to run its server,
// how to probe it, and what it does around that (render a config, reload, create topics...).
import path from 'node:path';
import { DEV_STACK } from '#dev-stack';
import { rel } from './config.mjs';
import {
  ourPid,
  processStatus,
  sleep,
  spawnDetached,
  stopProcess,
  tcpOpen,
  waitReady,
} from './proc.mjs';

/** The process primitives of proc.mjs; a test passes fakes instead. */
export const realProcesses = {
  ourPid,
  processStatus,
  spawnDetached,
  stopProcess,
  tcpOpen,
  waitReady,
  sleep,
  /** @param {number} pid @param {NodeJS.Signals} sig @returns {void} */
  signal: (pid, sig) => {
    process.kill(pid, sig);
  },
};

/** @typedef {typeof realProcesses} Processes */

/**
 * @typedef {(line: string) => void} Log
 * @typedef {{ cmd: string, args: string[], env?: Record<string, string> }} Command
 * @typedef {object} ComponentSpec
 * @property {string} name what the stack calls it (`stack.mjs start <name>`)
 * @property {string} [pidName] its pid file's name (default: name)
 * @property {(c: any) => number} [port] default: the stack config's `c[name].port`
 * @property {string} [portVar] the environment variable that moves it (default: the address
 *   book's, libs/dev-stack)
 * @property {(c: any) => string} [logFile] default: .stack/logs/<pidName>.log
 * @property {(c: any) => string} marker a string of its command line unique to this STACK_DIR
 * @property {(c: any, log: Log) => Promise<Command> | Command} command
 * @property {(c: any) => Promise<boolean> | boolean} probe truthy when ready
 * @property {number} [readyCapMs] at most this long to get ready (default: the stack's
 *   STACK_READY_TIMEOUT for all)
 * @property {number} stopTimeoutMs
 * @property {(c: any) => string} [started] text appended to the "started" line
 * @property {(c: any, log: Log) => Promise<boolean> | boolean} [prepare] run on every start
 *   (render and check its config); true when the config changed
 * @property {number} [reloadSettleMs] with prepare: a running server whose config changed gets
 *   SIGHUP (a graceful reload) and this long to settle; without it, a change needs a restart
 * @property {(c: any, log: Log) => Promise<void>} [beforeSpawn] clear the way (another daemon)
 * @property {string} [external] when set, a port held by another process is used as this
 *   component (docker compose's broker), described by this text, instead of an error
 * @property {(c: any, opts: any, log: Log) => Promise<void>} [provision] once ready, unless
 *   start's options say { provision: false }
 * @property {boolean} [guardPort] stop refuses to report "stopped" while the port still answers
 * @property {string} [label] the name in stop's messages (default: name)
 */

/** @param {ComponentSpec} options @param {Processes} [proc] */
export function processComponent(options, proc = realProcesses) {
  const pidName = options.pidName ?? options.name;
  const spec = {
    port: (c) => c[options.name].port,
    portVar: DEV_STACK.ports[options.name]?.variable,
    logFile: (c) => path.join(c.dirs.logs, `${pidName}.log`),
    ...options,
  };
  const readyTimeoutMs = (c) =>
    Math.min(c.readyTimeoutMs, spec.readyCapMs ?? Infinity);
  const ids = (c) => ({ pidName, marker: spec.marker(c) });
  return {
    name: spec.name,
    address: (c) => `${c.host}:${spec.port(c)}`,
    logFile: (c) => spec.logFile(c),

    status(c) {
      return proc.processStatus(c, {
        ...ids(c),
        port: spec.port(c),
        externalNote: spec.external
          ? 'external, not managed'
          : 'port used by another process',
      });
    },

    /** @param {any} c @param {{ provision?: boolean }} [opts] @param {Log} [log] */
    async start(c, opts = {}, log = () => undefined) {
      const logFile = spec.logFile(c);
      const port = spec.port(c);
      const changed = spec.prepare ? await spec.prepare(c, log) : false;
      let pid = proc.ourPid(c, pidName, spec.marker(c));
      let started = false;
      if (pid && changed && spec.reloadSettleMs !== undefined) {
        proc.signal(pid, 'SIGHUP');
        await proc.sleep(spec.reloadSettleMs);
        log(`config changed; reloaded (pid ${pid})`);
      } else if (!pid) {
        await spec.beforeSpawn?.(c, log);
        if (await proc.tcpOpen(c.host, port)) {
          if (!spec.external)
            throw new Error(
              `port ${port} is in use by another process: stop it or set ${spec.portVar}`,
            );
          log(
            `port ${port} is already in use; using that ${spec.external} (not managed by the stack)`,
          );
        } else {
          const { cmd, args, env } = await spec.command(c, log);
          pid = await proc.spawnDetached(c, pidName, cmd, args, {
            logFile,
            env,
          });
          started = true;
          log(
            `started (pid ${pid}, log ${rel(logFile)}${spec.started?.(c) ?? ''})`,
          );
        }
      }
      await proc.waitReady(spec.name, {
        probe: () => spec.probe(c),
        pid,
        logFile,
        timeoutMs: readyTimeoutMs(c),
      });
      if (spec.provision && opts.provision !== false)
        await spec.provision(c, opts, log);
      return { started };
    },

    /** `force` = SIGKILL at once (a crash, for fault tests); otherwise a clean shutdown. */
    stop(c, { force = false } = {}) {
      return proc.stopProcess(c, {
        ...ids(c),
        force,
        timeoutMs: spec.stopTimeoutMs,
        ...(spec.guardPort
          ? { guardPort: spec.port(c), label: spec.label ?? spec.name }
          : {}),
      });
    },
  };
}
