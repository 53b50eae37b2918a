import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { trace } from '@opentelemetry/api';
import { LoggerModule } from 'nestjs-pino';

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
  return url?.replace(/([?&](?:sig|token|signature|X-Amz-Signature|X-Amz-Credential)=)[^&]*/gi, '$1[Redacted]');
}

/** Structured JSON logs (pino) with request id and the active trace's ids on every line. */
export function structuredLoggerModule(serviceName: string) {
  return LoggerModule.forRoot({
    pinoHttp: {
      name: serviceName,
      level: process.env['LOG_LEVEL'] ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
      genReqId: (req: IncomingMessage) => (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      },
      customProps: () => {
        const span = trace.getActiveSpan()?.spanContext();
        return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
      },
      mixin: () => {
        const span = trace.getActiveSpan()?.spanContext();
        return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
      },
      autoLogging: { ignore: (req: IncomingMessage) => /^\/(metrics|health)/.test(req.url ?? '') },
    },
  });
}
