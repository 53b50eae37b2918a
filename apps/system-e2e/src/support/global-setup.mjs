// Starts the three built services as separate processes (the same way `npm start` does) against
// the stack that `npm test` brought up; their logs go to .stack/logs/<service>.log. They export
// their traces as OTLP/HTTP JSON to a receiver in this process, which writes every span as one
// JSON line to .stack/e2e/spans.jsonl (E2E_SPANS_FILE) for the observability specs.
// access-log-consumer joins a consumer group of this run's own, positioned at the topic's end
// (consumer-group.mjs), so a backlog in the shared group cannot delay the suite's events.
import { join } from 'node:path';
import { startServices } from '#tools/lib/services.mjs';
import { repoRoot } from '#tools/lib/workspace.mjs';
import { start, status } from '#tools/stack';
import { createGroupAtEnd } from './consumer-group.mjs';
import { startOtlpReceiver } from './otlp-receiver.mjs';

export default async function globalSetup() {
  // Prometheus joined the stack later than the rest: a stack brought up before then lacks it.
  await start('prometheus', { log: () => undefined });
  const down = (await status())
    .filter((c) => c.state !== 'up')
    .map((c) => c.component);
  if (down.length)
    throw new Error(
      `the stack is not up (${down.join(', ')}): run \`npm run stack:up\` or \`npm test\``,
    );

  process.env.E2E_SPANS_FILE ??= join(repoRoot, '.stack', 'e2e', 'spans.jsonl');
  const consumerGroup = `video-streaming-consumer-e2e-${Date.now()}`;
  await createGroupAtEnd(consumerGroup);
  globalThis.__consumerGroup = consumerGroup;
  const receiver = await startOtlpReceiver(process.env.E2E_SPANS_FILE);
  globalThis.__otlpReceiver = receiver;
  try {
    globalThis.__services = await startServices({
      env: {
        NODE_ENV: 'development',
        // info: the request lines (with trace_id) are what the log spec reads.
        LOG_LEVEL: 'info',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        // A benchmark sharing the stack can push thousands of events a second through the
        // consumer: a bigger span queue keeps the suite's own spans from being dropped.
        OTEL_BSP_MAX_QUEUE_SIZE: '200000',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '4096',
        OTEL_SDK_DISABLED: 'false',
        CONSUMER_GROUP_ID: consumerGroup,
      },
    });
  } catch (error) {
    await receiver.close();
    throw error;
  }
}
