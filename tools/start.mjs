#!/usr/bin/env node
// `npm start`: the whole system on one machine without Docker. Brings up Kafka, S3, PostgreSQL and
// the gateway (tools/stack), builds and starts the three services, and prints what to try.
// Ctrl-C stops the services and whatever infrastructure this run started.
import { SERVICES } from './lib/workspace.mjs';
import { startServices } from './lib/services.mjs';
import { node, nx } from './lib/run.mjs';
import { status, stop, up } from './stack/lib/index.mjs';

const COLORS = { 'auth-service': 36, 'stream-service': 35, 'access-log-consumer': 33 };
const step = (text) => console.log(`\n\u001b[1m==> ${text}\u001b[0m`);

async function main() {
  // Only what this run starts is stopped at the end: a stack someone left running stays up.
  const wasDown = (await status()).filter((c) => c.state !== 'up').map((c) => c.component);
  const wasUp = wasDown.length === 0;
  step(wasUp ? 'Infrastructure already running' : 'Starting Kafka, S3, PostgreSQL and the gateway');
  if (!wasUp) await up();

  step('Generating Prisma clients and building the services');
  if ((await node('tools/db/generate.mjs')) !== 0) throw new Error('prisma generate failed');
  const names = SERVICES.map((s) => s.name).join(',');
  if ((await nx(['run-many', '-t', 'build', '-p', names])) !== 0) throw new Error('build failed');

  step('Starting the services');
  const running = await startServices({
    onLine: (name, line) => console.log(`\u001b[${COLORS[name] ?? 37}m${name.padEnd(20)}\u001b[0m ${line}`),
  });

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    step('Stopping');
    await running.stop();
    if (!wasUp) for (const component of wasDown.reverse()) await stop(component);
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  step('Ready. Try it (through the gateway on :3000):');
  console.log(`
  TOKEN=$(curl -s 'http://localhost:3000/v1/api/auth/token?userId=123' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
  curl --location 'http://localhost:3000/v1/api/video?filename=video-test.mp4' --header "Authorization: Bearer $TOKEN" -o /tmp/video-test.mp4
  curl -i --location 'http://localhost:3000/v1/api/video?filename=video-test.mp4' --header "Authorization: Bearer $TOKEN" --header 'Range: bytes=0-1023' -o /dev/null
  open http://localhost:3000/v1/api/player  (the browser player)

  Logs: .stack/logs/   Stack: npm run stack:status   Stop: Ctrl-C
`);
}

main().catch((error) => {
  console.error(`\nnpm start failed: ${error.message}`);
  process.exit(1);
});
