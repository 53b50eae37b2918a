import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  Optional,
  type ExceptionFilter,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { bodyParserError } from './body-parser-error';
import {
  DomainError,
  ERROR_STATUS_MAP,
  type ErrorStatusMap,
} from '@video-streaming/core';

interface JsonError {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  /** Per-dependency states of a failed health check (terminus), kept so operators see what is down. */
  details?: Record<string, unknown>;
  requestId?: string;
}

/** Every error leaves the service as `{ statusCode, error, message }`, never as a stack trace. */
@Catch()
export class JsonExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('JsonExceptionFilter');

  constructor(
    @Optional()
    @Inject(ERROR_STATUS_MAP)
    private readonly statuses: ErrorStatusMap = {},
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request & { id?: string }>();
    const { body, headers } = this.describe(exception);
    body.requestId = request.id;
    if (body.statusCode >= 500)
      this.logger.error(
        exception instanceof Error ? exception.stack : String(exception),
      );
    // A stream may fail after its headers went out: then the only honest signal is to cut it.
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.set(headers).status(body.statusCode).json(body);
  }

  private describe(exception: unknown): {
    body: JsonError;
    headers: Record<string, string>;
  } {
    if (exception instanceof DomainError) {
      const mapped =
        this.statuses[exception.code] ?? HttpStatus.UNPROCESSABLE_ENTITY;
      const { status, headers = {} } =
        typeof mapped === 'number' ? { status: mapped } : mapped;
      return {
        body: this.body(status, exception.message, exception.code),
        headers,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      const message =
        typeof res === 'string'
          ? res
          : ([] as string[])
              .concat(
                (res as { message?: string | string[] }).message ??
                  exception.message,
              )
              .join('; ');
      const details =
        typeof res === 'object'
          ? (res as { details?: unknown }).details
          : undefined;
      const body = this.body(status, message);
      if (details && typeof details === 'object')
        body.details = details as Record<string, unknown>;
      return { body, headers: {} };
    }
    const refusedBody = bodyParserError(exception);
    if (refusedBody)
      return {
        body: this.body(refusedBody.status, refusedBody.message),
        headers: {},
      };
    return { body: this.body(500, 'Internal server error'), headers: {} };
  }

  private body(statusCode: number, message: string, code?: string): JsonError {
    return {
      statusCode,
      error: STATUS_CODES[statusCode] ?? 'Error',
      message,
      ...(code ? { code } : {}),
    };
  }
}
