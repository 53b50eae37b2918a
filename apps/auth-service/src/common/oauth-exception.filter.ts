import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '@video-streaming/platform';
import { AuthErrorCode } from '../domain/auth.errors';
import { OAuthError } from '../domain/oauth.errors';

/** The OAuth token endpoint answers errors as RFC 6749 §5.2 says: `{ error, error_description }`. */
@Catch()
export class OAuthExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(OAuthExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, error, description } = this.describe(exception);
    if (status === HttpStatus.SERVICE_UNAVAILABLE)
      response.set('Retry-After', '5');
    if (status === HttpStatus.UNAUTHORIZED)
      response.set(
        'WWW-Authenticate',
        'Basic realm="video-streaming", charset="UTF-8"',
      );
    response
      .set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' })
      .status(status)
      .json({ error, error_description: description });
  }

  private describe(exception: unknown): {
    status: number;
    error: string;
    description: string;
  } {
    if (exception instanceof OAuthError)
      return {
        status: exception.error === 'invalid_client' ? 401 : 400,
        error: exception.error,
        description: exception.message,
      };
    if (
      exception instanceof DomainError &&
      exception.code === AuthErrorCode.DatabaseUnavailable
    )
      return {
        status: 503,
        error: 'temporarily_unavailable',
        description: exception.message,
      };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Rate limited: no RFC 6749 code fits better; the Retry-After header is already set.
      if (status === HttpStatus.TOO_MANY_REQUESTS)
        return {
          status,
          error: 'temporarily_unavailable',
          description: 'Too many requests, retry later',
        };
      if (status < 500)
        return {
          status: 400,
          error: 'invalid_request',
          description: exception.message,
        };
    }
    this.logger.error(
      exception instanceof Error ? exception.stack : String(exception),
    );
    return {
      status: 500,
      error: 'server_error',
      description: 'Internal server error',
    };
  }
}
