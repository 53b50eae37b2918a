import type { IncomingMessage } from 'node:http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';
import { PrismaInstrumentation } from '@prisma/instrumentation';
import type { ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { CompositePropagator, W3CBaggagePropagator } from '@opentelemetry/core';
import { KeepExistingTraceContextPropagator } from './keep-existing-trace-context.propagator';
import { RedactingSampler, samplerFromEnv } from './redacting-sampler';

let sdk: NodeSDK | undefined;

/** Prometheus scrapes and probes every few seconds: spans for them would bury the real traffic. */
export function isHousekeepingRequest(url: string | undefined): boolean {
  return /^\/(metrics|health)(\/|\?|$)/.test(url ?? '');
}

/** service.name, service.version and the deployment environment (old and new attribute names). */
export function telemetryResource(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
) {
  const environment =
    env['DEPLOYMENT_ENVIRONMENT'] ?? env['NODE_ENV'] ?? 'development';
  return resourceFromAttributes({
    [ATTR_SERVICE_NAME]: serviceName,
    [ATTR_SERVICE_VERSION]:
      env['SERVICE_VERSION'] ?? env['npm_package_version'] ?? '0.0.0',
    'deployment.environment': environment,
    'deployment.environment.name': environment,
  });
}

/**
 * Starts tracing before Nest and the instrumented libraries are loaded: call it from
 * src/instrumentation.ts, imported on the first line of main.ts. OTel patches modules as Node's
 * require loads them, which works because the apps' webpack builds keep node_modules external.
 *
 * The exporter is chosen by the standard variables: OTEL_TRACES_EXPORTER (otlp by default; zipkin,
 * with OTEL_EXPORTER_ZIPKIN_ENDPOINT, is what `npm start` uses; console; none), OTEL_EXPORTER_OTLP_ENDPOINT (default
 * http://localhost:4318), OTEL_EXPORTER_OTLP_PROTOCOL (http/protobuf, or http/json), OTEL_SDK_DISABLED,
 * OTEL_TRACES_SAMPLER, OTEL_BSP_SCHEDULE_DELAY, OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES
 * (both override the attributes set here).
 */
export function startTelemetry(serviceName: string): void {
  if (sdk || process.env['OTEL_SDK_DISABLED'] === 'true') return;
  sdk = new NodeSDK({
    resource: telemetryResource(serviceName),
    // Metrics are scraped from /metrics by Prometheus and logs are JSON on stdout: only traces go out.
    metricReaders: [],
    logRecordProcessors: [],
    spanLimits: spanLimits(),
    // Signatures and tokens in URL attributes are cut as in the logs (decoded keys, every one).
    sampler: new RedactingSampler(samplerFromEnv()),
    // OTEL_PROPAGATORS, when set, wins; by default W3C trace context (see the class) and baggage.
    textMapPropagator: process.env['OTEL_PROPAGATORS']
      ? undefined
      : new CompositePropagator({
          propagators: [
            new KeepExistingTraceContextPropagator(),
            new W3CBaggagePropagator(),
          ],
        }),
    instrumentations: [
      getNodeAutoInstrumentations({
        // File-system, DNS and socket spans are noise around every request.
        '@opentelemetry/instrumentation-fs': { enabled: false },
        '@opentelemetry/instrumentation-dns': { enabled: false },
        '@opentelemetry/instrumentation-net': { enabled: false },
        // Our pino mixin already writes trace_id/span_id; this one would write them a second time.
        '@opentelemetry/instrumentation-pino': { enabled: false },
        // One span per middleware (body parsers, our metrics middleware mounted on '{*path}') is
        // noise: the route handlers' spans ('request handler - /v1/api/video') stay. Express 5's
        // `router` package gets its own instrumentation, which only repeats those middleware spans.
        '@opentelemetry/instrumentation-express': {
          ignoreLayersType: ['middleware' as ExpressLayerType],
          ignoreLayers: [/\{\*path\}/, 'request handler'],
        },
        '@opentelemetry/instrumentation-router': { enabled: false },
        '@opentelemetry/instrumentation-http': {
          ignoreIncomingRequestHook: (request: IncomingMessage) =>
            isHousekeepingRequest(request.url),
        },
        // kafkajs, aws-sdk, pg, nestjs-core and express stay on with their defaults.
      }),
      // Prisma's own operation spans; the SQL itself comes from the pg spans under the driver adapter.
      new PrismaInstrumentation(),
    ],
  });
  sdk.start();
}

/**
 * A bulk INSERT's SQL can be hundreds of kilobytes; unless OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT says
 * otherwise, attribute values are cut at 4 KiB (the statement's start says what it was).
 */
export function spanLimits(env: NodeJS.ProcessEnv = process.env) {
  const configured =
    env['OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT'] ??
    env['OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT'];
  return configured ? {} : { attributeValueLengthLimit: 4096 };
}

/** Flushes buffered spans; MetricsModule calls it when Nest shuts down. */
export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
  sdk = undefined;
}
