import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { trace } from '@opentelemetry/api';
import { LoggerModule } from 'nestjs-pino';
import { isHousekeepingRequest } from './start-telemetry';

/** Paths that could carry credentials: never logged. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.query.sig',
  'req.query.token',
  'res.headers["set-cookie"]',
  '*.password',
  '*.refresh_token',
  '*.access_token',
  '*.client_secret',
];

/** Query parameters that sign a URL are cut from the logged URL as well. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(
    /([?&](?:sig|token|access_token|signature|X-Amz-Signature|X-Amz-Credential)=)[^&]*/gi,
    '$1[Redacted]',
  );
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
  return LoggerModule.forRoot({
    pinoHttp: {
      name: serviceName,
      level: process.env['LOG_LEVEL'] ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
      genReqId: requestId,
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
      },
      customProps: (req: IncomingMessage & { id?: unknown }) => ({
        request_id: req.id,
      }),
      mixin: traceFields,
      autoLogging: {
        ignore: (req: IncomingMessage) => isHousekeepingRequest(req.url),
      },
    },
  });
}
