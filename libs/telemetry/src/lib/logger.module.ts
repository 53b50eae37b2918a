import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { trace } from '@opentelemetry/api';
import { LoggerModule } from 'nestjs-pino';
import { isHousekeepingRequest } from './start-telemetry';
import { REDACTED, redactHeaders, redactUrl } from './redact';

/**
 * Fields that could carry credentials, cut wherever a log call puts them (the serializers below
 * already leave request headers out and redact URLs with the shared redactUrl).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.refresh_token',
  '*.access_token',
  '*.client_secret',
];

interface SerializedRequest {
  id: string;
  method: string;
  url: string;
}
interface SerializedResponse {
  statusCode: number;
  headers?: Record<string, unknown>;
}

/** The active span's ids, in the field names the gateway's access log uses too. */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan()?.spanContext();
  return span && trace.isSpanContextValid(span)
    ? { trace_id: span.traceId, span_id: span.spanId }
    : {};
}

/** The gateway's X-Request-Id when it is a sane token, so one id follows a request through every log. */
export function requestId(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && /^[\w.-]{1,128}$/.test(header)
    ? header
    : randomUUID();
}

/**
 * Structured JSON logs (pino) with request_id on every line of a request and trace_id/span_id on
 * every line written while a span is active.
 */
export function structuredLoggerModule(serviceName: string) {
  return LoggerModule.forRoot({ pinoHttp: pinoHttpOptions(serviceName) });
}

/** pino-http's options for every service (exported for the spec, which logs through them). */
export function pinoHttpOptions(serviceName: string) {
  return {
    name: serviceName,
    level: process.env['LOG_LEVEL'] ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    genReqId: requestId,
    serializers: {
      // pino-http hands these its standard shapes; req.url is the original URL with its query.
      req: (req: SerializedRequest) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
      }),
      // A presigned redirect's Location carries an S3 signature.
      res: (res: SerializedResponse) => ({
        statusCode: res.statusCode,
        headers: redactHeaders(res.headers),
      }),
    },
    customProps: (req: IncomingMessage & { id?: unknown }) => ({
      request_id: req.id,
    }),
    mixin: traceFields,
    autoLogging: {
      ignore: (req: IncomingMessage) => isHousekeepingRequest(req.url),
    },
  };
}
