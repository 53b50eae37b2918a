import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AccessTracker } from './access-tracker';

export const STREAM_PATH = '/v1/api/video';

/**
 * Starts tracking a GET/HEAD of the streaming endpoint before the guards run: a request the
 * guard refuses (401, 403) is in the access log like any other.
 */
@Injectable()
export class AccessTrackingMiddleware implements NestMiddleware {
  constructor(private readonly tracker: AccessTracker) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if ((req.method === 'GET' || req.method === 'HEAD') && isStreamPath(req))
      this.tracker.track(req, res);
    next();
  }
}

/** Express routes ignore case and a trailing slash; the middleware may be mounted as a prefix. */
function isStreamPath(req: Request): boolean {
  const path = req.originalUrl.split('?')[0].replace(/\/+$/, '');
  return path.toLowerCase() === STREAM_PATH;
}
