import { HttpStatus } from '@nestjs/common';

/**
 * body-parser (and raw-body under it) fail with http-errors objects: a `status` and a `type`, and
 * `expose: true` when the client is to blame. They are not HttpExceptions, so without this a 2 MB
 * JSON body would leave as a 500.
 */
export interface BodyParserError {
  status: number;
  message: string;
}

/** Our own words for the known types: the library's messages can quote the body back. */
const MESSAGES: Record<string, string> = {
  'entity.too.large': 'The request body is larger than this service accepts',
  'entity.parse.failed': 'The request body is not valid for its Content-Type',
  'entity.verify.failed': 'The request body was refused',
  'encoding.unsupported': 'Unsupported Content-Encoding',
  'charset.unsupported': 'Unsupported charset in Content-Type',
  'parameters.too.many': 'The form has too many parameters',
  'querystring.parse.rangeError': 'The form is nested too deeply',
  'request.aborted': 'The request was aborted before its body was complete',
  'request.size.invalid': 'The request body does not match its Content-Length',
};

export function bodyParserError(
  exception: unknown,
): BodyParserError | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { status, statusCode, type, expose, limit } = exception as Error & {
    status?: unknown;
    statusCode?: unknown;
    type?: unknown;
    expose?: unknown;
    limit?: unknown;
  };
  const code = typeof status === 'number' ? status : statusCode;
  // http-errors' convention (which express's own final handler follows): `expose` marks a client error.
  if (typeof code !== 'number' || (typeof type !== 'string' && expose !== true))
    return undefined;
  // A 5xx from the parser (a stream read twice) is our bug: it stays a logged, generic 500.
  if (
    code < HttpStatus.BAD_REQUEST ||
    code >= HttpStatus.INTERNAL_SERVER_ERROR ||
    expose === false
  )
    return undefined;
  // Without a type: a body that does not decode (gzip that is not gzip).
  const message =
    typeof type === 'string'
      ? (MESSAGES[type] ?? 'The request body was refused')
      : 'The request body could not be read';
  return {
    status: code,
    message:
      typeof limit === 'number' ? `${message} (${limit} bytes)` : message,
  };
}
