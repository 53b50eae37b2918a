#!/usr/bin/env node
// No-Docker infrastructure for development and tests: Kafka (KRaft), S3 (S3Proxy), PostgreSQL,
// the nginx gateway, Prometheus and Zipkin, with data, logs and pids under .stack/. See `help`.
import {
  COMPONENTS,
  down,
  formatStatus,
  start,
  status,
  stop,
  up,
} from './lib/index.mjs';

// The AWS SDK warns on Node 20 about a future release; noise in the launcher's own output
// (read when a client is created, so setting it after the imports is enough).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Ctrl-C: exit through process.exit so the lock is released ('exit' handlers run).
process.once('SIGINT', () => process.exit(130));

const USAGE = `usage: node tools/stack/stack.mjs <command>

  up                  start everything that is not running and wait until it is ready (idempotent)
  down                stop what the stack started (an external PostgreSQL is left alone)
  status [--json]     component, address, state, pid and log of each component
  start <component>   start one component and wait for it (${COMPONENTS.join(', ')})
  stop <component> [--force]   stop one (--force: SIGKILL / immediate, like a crash)
  restart <component>`;

async function printStatus(json) {
  const rows = await status();
  console.log(json ? JSON.stringify(rows, null, 2) : formatStatus(rows));
  return rows;
}

async function main(argv) {
  const [cmd, arg, ...rest] = argv;
  const flags = new Set([arg, ...rest].filter((a) => a?.startsWith('--')));
  const name = arg?.startsWith('--') ? undefined : arg;
  const needName = () => {
    if (!name)
      throw new Error(`${cmd} needs a component: ${COMPONENTS.join(', ')}`);
    return name;
  };
  switch (cmd) {
    case 'up': {
      const t = Date.now();
      try {
        await up();
      } finally {
        console.log('');
        await printStatus(false);
      }
      console.log(`\nstack up in ${((Date.now() - t) / 1000).toFixed(1)}s`);
      return;
    }
    case 'down':
      await down();
      console.log('');
      await printStatus(false);
      return;
    case 'status':
      await printStatus(flags.has('--json'));
      return;
    case 'start':
      await start(needName());
      return;
    case 'stop':
      console.log(
        `[${needName()}] ${await stop(name, { force: flags.has('--force') })}`,
      );
      return;
    case 'restart':
      console.log(`[${needName()}] ${await stop(name)}`);
      await start(name);
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return;
    default:
      throw new Error(`unknown command "${cmd}"\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0), // the npm clients may keep sockets/timers alive a moment; we are done
  (err) => {
    console.error(`\nstack: ${err.message}`);
    process.exit(1);
  },
);
