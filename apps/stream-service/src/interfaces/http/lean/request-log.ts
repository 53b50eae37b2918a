import { requestId } from '@video-streaming/telemetry';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { storage, Store } from 'nestjs-pino/storage';

/**
 * pino-http's request line for the lean route, written through the same root logger, so with the
 * same serializers (redacted URL and response headers), redaction paths, level and trace fields:
 * `request completed`, or `request errored` from 500 on. Without pino-http's two child loggers per
 * request, and nothing at all is built when the level is above info.
 */
export class RequestLog {
  private readonly logger = PinoLogger.root;

  start(req: Request, res: Response): void {
    // The id pino-http would give it: the gateway's X-Request-Id, else a new one (error bodies carry it).
    req.id = requestId(req);
    if (!this.logger.isLevelEnabled('info')) return;
    const started = Date.now();
    res.once('close', () => {
      const line = {
        req,
        request_id: req.id,
        res,
        responseTime: Date.now() - started,
      };
      if (res.statusCode < 500)
        return this.logger.info(line, 'request completed');
      const err = new Error(`failed with status code ${res.statusCode}`);
      this.logger.info({ ...line, err }, 'request errored');
    });
  }

  /**
   * Runs `write` (the exception filter's answer) with the request's bindings on every line logged
   * through Nest's Logger, as nestjs-pino's middleware does for the whole request on the Nest path:
   * a 500's error line carries its request id. Only errors pay for the child logger.
   */
  withRequestBindings(req: Request, write: () => void): void {
    const logger = this.logger.child({ req }).child({ request_id: req.id });
    storage.run(new Store(logger), write);
  }
}
