import {
  ForbiddenException,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { getToken } from '@willsoto/nestjs-prometheus';
import {
  ERROR_STATUS_MAP,
  JsonExceptionFilter,
  type ErrorStatusMap,
} from '@video-streaming/platform';
import { HTTP_DURATION_METRIC } from '@video-streaming/telemetry';
import type { Application, Request, Response } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Histogram } from 'prom-client';
import { APP_CONFIG, type StreamConfig } from '../../../config';
import { AccessTracker } from '../access-tracker';
import { BearerOrSignedUrlGuard } from '../bearer-or-signed-url.guard';
import { HlsController } from '../hls.controller';
import { VideoStreamController } from '../video-stream.controller';
import {
  HLS_ROUTE,
  installPlaybackDispatcher,
  STREAM_ROUTE,
  type LeanRoute,
} from './playback-dispatcher';
import { RequestLog } from './request-log';
import { tracedRoute } from './route-tracing';

/**
 * The playback GETs and HEADs (`/v1/api/video?filename=`, the HLS files) without Nest's router,
 * guard and filter machinery, Express's middleware stack and pino-http's per-request loggers
 * (about a third of the decision's CPU, BENCHMARKS.md, issue 11). What answers is the same code:
 * the controllers' methods, BearerOrSignedUrlGuard, AccessTracker, JsonExceptionFilter and
 * Express's own request and response objects (req.ip behind the trusted proxies, req.query with
 * the strict parser, res.json), all taken from this app. What the framework added around them is
 * done here once per request: the access tracking middleware, the request id, the duration
 * histogram, the route on the trace and one log line. `LEAN_PLAYBACK=off` leaves everything to
 * Nest (for comparison).
 */
@Injectable()
export class LeanPlaybackRoute implements OnApplicationBootstrap {
  private readonly filter: JsonExceptionFilter;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly modules: ModuleRef,
    private readonly tracker: AccessTracker,
    private readonly guard: BearerOrSignedUrlGuard,
    @Inject(ERROR_STATUS_MAP) statuses: ErrorStatusMap,
    @Inject(APP_CONFIG) private readonly config: StreamConfig,
  ) {
    this.filter = new JsonExceptionFilter(statuses);
  }

  onApplicationBootstrap(): void {
    const adapter = this.adapterHost.httpAdapter;
    const server = adapter?.getHttpServer() as Server | undefined;
    if (this.config.LEAN_PLAYBACK !== 'on' || !server) return;
    const express = adapter.getInstance<
      Application & { request: object; response: object }
    >();
    const stream = this.modules.get(VideoStreamController, { strict: false });
    const hls = this.modules.get(HlsController, { strict: false });
    // MetricsModule's own histogram (it does not export it): same name, labels and buckets.
    const durations = this.modules.get<Histogram<string>>(
      getToken(HTTP_DURATION_METRIC),
      { strict: false },
    );
    const log = new RequestLog();
    installPlaybackDispatcher(server, (rawReq, rawRes, route) => {
      const { req, res } = asExpress(express, rawReq, rawRes);
      const template = route.kind === 'stream' ? STREAM_ROUTE : HLS_ROUTE;
      log.start(req, res);
      const end = durations.startTimer();
      res.once('close', () =>
        end({
          method: req.method,
          route: template,
          status: `${res.statusCode}`,
        }),
      );
      const host = new ExecutionContextHost(
        [req, res],
        VideoStreamController,
        VideoStreamController.prototype.stream,
      );
      void log.run(req, () =>
        this.serve(route, req, res, host, stream, hls)
          .catch((error: unknown) => this.filter.catch(error, host))
          // A response that cannot even carry its error is cut, never left hanging.
          .catch(() => res.destroy()),
      );
    });
  }

  /** Async, so that whatever throws becomes the filter's to answer, as in Nest. */
  private async serve(
    route: LeanRoute,
    req: Request,
    res: Response,
    host: ExecutionContextHost,
    stream: VideoStreamController,
    hls: HlsController,
  ): Promise<void> {
    if (route.kind === 'hls')
      return tracedRoute(
        req,
        {
          template: HLS_ROUTE,
          controller: HlsController.name,
          callback: 'serve',
        },
        (handler) =>
          handler(() => hls.serve(route.grant, route.path, req, res)),
      );
    // AccessTrackingMiddleware's part: tracked before the guard, so refusals are accesses too.
    this.tracker.track(req, res);
    return tracedRoute(
      req,
      {
        template: STREAM_ROUTE,
        controller: VideoStreamController.name,
        callback: 'stream',
      },
      async (handler) => {
        // Nest's answer to a guard that says no without an exception of its own.
        if (!(await this.guard.canActivate(host)))
          throw new ForbiddenException('Forbidden resource');
        return handler(() => stream.stream(req.query['filename'], req, res));
      },
    );
  }
}

/** What Express's app.handle does before its router: the same prototypes, links and locals. */
function asExpress(
  express: Application & { request: object; response: object },
  rawReq: IncomingMessage,
  rawRes: ServerResponse,
): { req: Request; res: Response } {
  const req = rawReq as Request;
  const res = rawRes as Response;
  req.res = res;
  res.req = req;
  Object.setPrototypeOf(req, express.request);
  Object.setPrototypeOf(res, express.response);
  res.locals ??= Object.create(null) as Response['locals'];
  // What Express's router sets before any route runs (the request log and Nest's span read originalUrl).
  req.originalUrl ??= req.url;
  req.baseUrl = '';
  return { req, res };
}
