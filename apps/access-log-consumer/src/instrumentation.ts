import { startTelemetry } from '@video-streaming/telemetry';

// Before anything else is imported, so the instrumented libraries (http, pg, kafkajs) are patched.
startTelemetry('access-log-consumer');
