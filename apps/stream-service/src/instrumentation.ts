import { startTelemetry } from '@video-streaming/telemetry';

// Before anything else is imported: instrumentation patches http, express and kafkajs on load.
startTelemetry('stream-service');
