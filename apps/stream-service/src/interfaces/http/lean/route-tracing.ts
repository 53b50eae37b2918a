import {
  context,
  SpanStatusCode,
  trace,
  type Attributes,
} from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { Request } from 'express';

const tracer = trace.getTracer('stream-service.lean-playback');

/**
 * The route template on the request's HTTP server span, as Express's instrumentation sets it
 * (the span is then named `GET /v1/api/video`, with http.route).
 */
export function traceRoute(template: string): void {
  const rpc = getRPCMetadata(context.active());
  if (rpc?.type === RPCType.HTTP) rpc.route = template;
}

/**
 * The two spans Nest's instrumentation opens for a route, under the same names, so traces and
 * the dashboards built on them read as before: `<Controller>.<method>` (request context: the guard
 * and the handler) and `<method>` (the handler itself, `handler()` inside `request`). Nothing is
 * opened when the request is not traced (no active span: tracing off, or not sampled in).
 */
export async function tracedRoute<T>(
  req: Request,
  route: { template: string; controller: string; callback: string },
  request: (handler: <R>(run: () => Promise<R>) => Promise<R>) => Promise<T>,
): Promise<T> {
  traceRoute(route.template);
  if (!trace.getActiveSpan()) return request((run) => run());
  const common: Attributes = {
    component: '@nestjs/core',
    'nestjs.callback': route.callback,
    'stream.lean_route': true,
  };
  return inSpan(
    `${route.controller}.${route.callback}`,
    {
      ...common,
      'nestjs.type': 'request_context',
      'http.route': route.template,
      'nestjs.controller': route.controller,
      'http.request.method': req.method,
      // Redacted by the RedactingSampler, as Nest's own copy of the URL is.
      'url.full': req.originalUrl || req.url,
    },
    () =>
      request((run) =>
        inSpan(route.callback, { ...common, 'nestjs.type': 'handler' }, run),
      ),
  );
}

async function inSpan<T>(
  name: string,
  attributes: Attributes,
  run: () => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(name, { attributes });
  try {
    return await context.with(trace.setSpan(context.active(), span), run);
  } catch (error) {
    if (error instanceof Error) span.recordException(error);
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    span.end();
  }
}
