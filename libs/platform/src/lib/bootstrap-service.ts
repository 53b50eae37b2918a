import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { JsonExceptionFilter } from './json-exception.filter';
import {
  ERROR_STATUS_MAP,
  loadHttpServerConfig,
  type ErrorStatusMap,
} from '@video-streaming/core';

export interface ServiceOptions {
  port: number;
  /** Interface to listen on; default: HOST from the environment, else 127.0.0.1. */
  host?: string;
  /** Largest JSON or form body; default: BODY_LIMIT from the environment, else 100kb. */
  bodyLimit?: string;
  /** Called after the app is created and before it listens (swagger, extra middleware). */
  configure?: (app: NestExpressApplication) => void | Promise<void>;
}

/** The start-up every service shares: JSON logs, JSON errors, body limits, proxy trust, graceful shutdown. */
export async function bootstrapService(
  module: unknown,
  options: ServiceOptions,
): Promise<INestApplication> {
  const env = loadHttpServerConfig();
  // Nest's own parsers would be registered with body-parser's defaults; ours carry the one limit.
  const app = await NestFactory.create<NestExpressApplication>(
    module as never,
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  // The gateway (and a Kubernetes ingress) sit in front: client addresses come from X-Forwarded-For.
  app.set('trust proxy', ['loopback', 'linklocal', 'uniquelocal']);
  app.disable('x-powered-by');
  // Only JSON and forms are parsed (and limited); raw uploads (video/*, octet-stream) stay streams.
  const limit = options.bodyLimit ?? env.BODY_LIMIT;
  app.useBodyParser('json', { limit });
  app.useBodyParser('urlencoded', { limit, extended: true });
  const statuses = app.get<ErrorStatusMap>(ERROR_STATUS_MAP, { strict: false });
  app.useGlobalFilters(new JsonExceptionFilter(statuses));
  app.enableShutdownHooks();
  await options.configure?.(app);
  await app.listen(options.port, options.host ?? env.HOST);
  return app;
}
