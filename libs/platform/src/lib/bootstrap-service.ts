import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { JsonExceptionFilter } from './json-exception.filter';
import { ERROR_STATUS_MAP, type ErrorStatusMap } from './domain-error';

export interface ServiceOptions {
  port: number;
  host?: string;
  /** Called after the app is created and before it listens (swagger, extra middleware). */
  configure?: (app: NestExpressApplication) => void | Promise<void>;
}

/** The start-up every service shares: JSON logs, JSON errors, proxy trust, graceful shutdown. */
export async function bootstrapService(module: unknown, options: ServiceOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module as never, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // The gateway (and a Kubernetes ingress) sit in front: client addresses come from X-Forwarded-For.
  app.set('trust proxy', ['loopback', 'linklocal', 'uniquelocal']);
  app.disable('x-powered-by');
  const statuses = app.get<ErrorStatusMap>(ERROR_STATUS_MAP, { strict: false });
  app.useGlobalFilters(new JsonExceptionFilter(statuses));
  app.enableShutdownHooks();
  await options.configure?.(app);
  await app.listen(options.port, options.host ?? '0.0.0.0');
  return app;
}
