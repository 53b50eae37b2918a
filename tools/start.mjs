#!/usr/bin/env node
// `npm start`: the whole system on one machine without Docker. Installs the missing Debian packages,
// brings up Kafka, S3, PostgreSQL, the gateway, Prometheus and Zipkin (tools/stack), builds and
// starts the services, and prints what to try. Ctrl-C, or a failure at any step, stops the
// services and whatever infrastructure this run started; a stack that was already up stays up.
import { SERVICES } from '#tools/lib/workspace.mjs';
import { startServices } from '#tools/lib/services.mjs';
import { prettyLine } from '#tools/lib/pretty-log.mjs';
import { requestSampleTranscode } from '#tools/lib/sample-transcode.mjs';
import { node, nx } from '#tools/lib/run.mjs';
import { getConfig, start, status, stop, up, zipkinUrls } from '#tools/stack';

const step = (text) => console.log(`\n\u001b[1m==> ${text}\u001b[0m`);
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

/**
 * What this run started, for finish() to stop.
 * @type {{ wasDown: string[], services: Awaited<ReturnType<typeof startServices>> | null,
 *   ready: boolean, interrupted: boolean }}
 */
const session = {
  wasDown: [],
  services: null,
  ready: false,
  interrupted: false,
};

/** Stops what this run started, newest first, and exits. */
async function finish(code) {
  step('Stopping');
  await session.services?.stop();
  for (const component of [...session.wasDown].reverse()) {
    try {
      const outcome = await stop(component);
      if (outcome !== 'not running') console.log(`[${component}] ${outcome}`);
    } catch (error) {
      console.error(`[${component}] could not be stopped: ${error.message}`);
    }
  }
  process.exit(code);
}

// A step in progress (the stack starting, the build) is let finish first: stopping a component
// while it starts would leave its process behind. A second Ctrl-C quits at once.
function onSignal() {
  if (session.interrupted) {
    console.error(
      '\nquitting now: run `npm run stack:down` to stop what is still running',
    );
    process.exit(130);
  }
  session.interrupted = true;
  if (session.ready) void finish(0);
  else
    console.log(
      '\nstopping after the current step (Ctrl-C again to quit at once)',
    );
}

const checkpoint = () => {
  if (session.interrupted)
    throw Object.assign(new Error('interrupted'), { interrupted: true });
};

/** Where the services send traces: the stack's Zipkin when it runs, unless the shell chose already. */
/** @returns {Record<string, string>} */
function tracingEnv(rows, c) {
  const zipkinUp = rows.some(
    (r) => r.component === 'zipkin' && r.state === 'up',
  );
  if (!zipkinUp || process.env.OTEL_TRACES_EXPORTER) return {};
  return {
    OTEL_TRACES_EXPORTER: 'zipkin',
    OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkinUrls(c).spans,
  };
}

function printTryIt(c, rows) {
  const gw = `http://localhost:${c.gateway.port}`;
  const isUp = (name) =>
    rows.some((r) => r.component === name && r.state === 'up');
  step(`Ready. Try it (through the gateway on :${c.gateway.port}):`);
  console.log(`
  TOKEN=$(curl -s '${gw}/v1/api/auth/token?userId=123' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
  curl --location '${gw}/v1/api/video?filename=video-test.mp4' --header "Authorization: Bearer $TOKEN" -o /tmp/video-test.mp4
  curl -i --location '${gw}/v1/api/video?filename=video-test.mp4' --header "Authorization: Bearer $TOKEN" --header 'Range: bytes=0-1023' -o /dev/null
  open ${gw}/v1/api/player  (the browser player)
  curl -s http://127.0.0.1:${SERVICES.find((s) => s.name === 'transcode-worker')?.port}/metrics | grep ^transcode_   (the transcode-worker's jobs and progress)
`);
  if (isUp('zipkin'))
    console.log(`  Traces (Zipkin UI):     ${zipkinUrls(c).ui}`);
  if (isUp('prometheus'))
    console.log(
      `  Metrics (Prometheus):   http://${c.host}:${c.prometheus.port}/`,
    );
  console.log(
    `  Logs (JSON): .stack/logs/   Stack: npm run stack:status   Stop: Ctrl-C\n`,
  );
}

/** First start: the sample gets its HLS ladder (the worker's log shows the progress). */
async function transcodeSample(c) {
  try {
    const outcome = await requestSampleTranscode(c);
    if (outcome === 'sent')
      step(
        `Transcoding ${c.s3.sampleKey} into HLS (progress in the transcode-worker lines below)`,
      );
  } catch (error) {
    console.error(`could not request the sample's transcode: ${error.message}`);
  }
}

async function main() {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const c = getConfig();
  // Only what this run starts is stopped at the end: a stack someone left running stays up.
  session.wasDown = (await status())
    .filter((r) => r.state !== 'up')
    .map((r) => r.component);
  const wasUp = session.wasDown.length === 0;
  step(
    wasUp
      ? 'Infrastructure already running'
      : 'Starting Kafka, S3, PostgreSQL, Prometheus and Zipkin (the gateway opens when the services are ready)',
  );
  // The gateway opens last, once the services behind it are ready: before that it would answer
  // the first curl with 502.
  const gatewayLater = session.wasDown.includes('gateway');
  if (!wasUp) await up({ except: gatewayLater ? ['gateway'] : [] });
  checkpoint();

  step('Generating Prisma clients and building the services');
  if ((await node('tools/db/generate.mjs')) !== 0)
    throw new Error('prisma generate failed (see above)');
  checkpoint();
  const names = SERVICES.map((s) => s.name).join(',');
  if ((await nx(['run-many', '-t', 'build', '-p', names])) !== 0)
    throw new Error('build failed (see above)');
  checkpoint();

  step('Starting the services');
  session.services = await startServices({
    env: {
      ...tracingEnv(await status(), c),
      UPLOAD_LOCK_DATABASE_URL: c.pg.uploadLockUrl,
    },
    onLine: (name, line) => console.log(prettyLine(name, line, { color })),
  });
  checkpoint();
  if (gatewayLater) await start('gateway');
  checkpoint();
  await transcodeSample(c);
  session.ready = true;
  printTryIt(c, await status());
}

main().catch(async (error) => {
  if (error.interrupted || session.interrupted) return finish(130);
  console.error(`\nnpm start failed: ${error.message}`);
  await finish(1);
});
