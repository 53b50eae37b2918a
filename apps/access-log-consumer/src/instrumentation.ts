import { startTelemetry } from '@video-streaming/telemetry';

// Each event gets one consumer span, video.log.save, parented on its producer's traceparent (see the
// batch handler). kafkajs' auto-instrumentation would add another span per message: in a CPU
// profile of the benchmark it was the consumer's single largest cost, for no extra information.
process.env['OTEL_NODE_DISABLED_INSTRUMENTATIONS'] = [
  process.env['OTEL_NODE_DISABLED_INSTRUMENTATIONS'],
  'kafkajs',
]
  .filter(Boolean)
  .join(',');

// Before anything else is imported, so the instrumented libraries (http, pg) are patched.
startTelemetry('access-log-consumer');
