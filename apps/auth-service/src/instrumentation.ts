import { startTelemetry } from '@video-streaming/telemetry';

// Before Nest and the instrumented libraries (http, express, pg) are loaded.
startTelemetry('auth-service');
