import { RpcException } from '@nestjs/microservices';

export const PERMANENT_MESSAGE_ERROR = 'PERMANENT_MESSAGE_ERROR';

/**
 * Thrown by a handler when retrying cannot help (the message itself is bad): the transport sends
 * the message (or the whole batch) to the dead-letter topic with this reason and commits past it.
 * Any other error is retriable: the same messages are retried with backoff until they succeed.
 * An RpcException, so that even Nest's default RPC filter passes its payload on unchanged.
 */
export class PermanentMessageError extends RpcException {
  readonly code = PERMANENT_MESSAGE_ERROR;

  constructor(readonly reason: string) {
    super({ code: PERMANENT_MESSAGE_ERROR, reason });
    this.name = 'PermanentMessageError';
  }
}

/** The reason of a permanent error, whether it arrives as the error or as its RPC payload. */
export function permanentReason(error: unknown): string | undefined {
  if (error instanceof PermanentMessageError) return error.reason;
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; reason?: unknown };
  return e.code === PERMANENT_MESSAGE_ERROR && typeof e.reason === 'string'
    ? e.reason
    : undefined;
}
