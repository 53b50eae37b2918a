import { Injectable, type NestMiddleware } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Request, Response } from 'express';
import type { Histogram } from 'prom-client';

export const HTTP_DURATION_METRIC = 'http_request_duration_seconds';

/** The route template, not the URL, so that query strings and ids do not explode the label set. */
export function routeLabel(request: Request): string {
  const route = (request.route as { path?: unknown } | undefined)?.path;
  return typeof route === 'string' ? route : 'unmatched';
}

/**
 * A middleware rather than an interceptor: it also sees the requests that guards reject (401/403)
 * and unknown paths, and it observes when the response closes, so a streamed body counts its
 * full duration (or the time until the client went away).
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(
    @InjectMetric(HTTP_DURATION_METRIC)
    private readonly histogram: Histogram<string>,
  ) {}

  use(request: Request, response: Response, next: () => void): void {
    const end = this.histogram.startTimer();
    response.once('close', () =>
      end({
        method: request.method,
        route: routeLabel(request),
        status: String(response.statusCode),
      }),
    );
    next();
  }
}
