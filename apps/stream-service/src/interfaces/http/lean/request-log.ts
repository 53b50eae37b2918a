import { requestId } from '@video-streaming/telemetry';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';

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
}
