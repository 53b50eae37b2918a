import { startTelemetry } from '@video-streaming/telemetry';

// Before anything else is imported, so the instrumented libraries (http, the AWS SDK) are patched.
startTelemetry('transcode-worker');
