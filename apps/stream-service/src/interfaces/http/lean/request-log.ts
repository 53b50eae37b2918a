import { requestId } from '@video-streaming/telemetry';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { storage, type Store } from 'nestjs-pino/storage';

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
   * Runs `handle` (the whole request: guard, controller, exception filter) with the request's
   * bindings on every line logged through Nest's Logger, as nestjs-pino's middleware does on the
   * Nest path: a use-case warning or a 500's error line carries the request id. The child logger is
   * built on the first such line, so a request that logs nothing pays for none.
   */
  run<T>(req: Request, handle: () => T): T {
    return storage.run(
      new LazyRequestStore(this.logger, req) as unknown as Store,
      handle,
    );
  }
}

type Logger = typeof PinoLogger.root;

/** nestjs-pino's per-request Store, with its logger made on first use. */
class LazyRequestStore {
  private child: Logger | undefined;
  readonly responseLogger = undefined;

  constructor(
    private readonly root: Logger,
    private readonly req: Request,
  ) {}

  get logger(): Logger {
    this.child ??= this.root
      .child({ req: this.req })
      .child({ request_id: this.req.id });
    return this.child;
  }

  /** PinoLogger.assign() replaces it with a child of its own. */
  set logger(value: Logger) {
    this.child = value;
  }
}
