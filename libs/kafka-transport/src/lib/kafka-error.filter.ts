import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands the handler's own error to the transport. Nest's default RPC filter logs every error and
 * replaces it with "Internal server error"; the transport needs the original to log a useful
 * reason per retry and to tell a PermanentMessageError from a retriable one.
 */
@Catch()
export class KafkaErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
