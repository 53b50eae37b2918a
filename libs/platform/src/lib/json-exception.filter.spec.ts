import {
  BadRequestException,
  ServiceUnavailableException,
  type ArgumentsHost,
} from '@nestjs/common';
import { DomainError } from '@video-streaming/core';
import { JsonExceptionFilter } from './json-exception.filter';

function answer(filter: JsonExceptionFilter, exception: unknown) {
  const sent: {
    status?: number;
    body?: unknown;
    headers?: Record<string, string>;
  } = {};
  const response = {
    headersSent: false,
    set: (h: Record<string, string>) => ((sent.headers = h), response),
    status: (s: number) => ((sent.status = s), response),
    json: (b: unknown) => ((sent.body = b), response),
  };
  const host = {
    switchToHttp: () => ({
      getResponse: () => response,
      getRequest: () => ({ id: 'req-1' }),
    }),
  };
  filter.catch(exception, host as unknown as ArgumentsHost);
  return sent;
}

describe('JsonExceptionFilter', () => {
  const filter = new JsonExceptionFilter({
    VIDEO_NOT_FOUND: 404,
    STORAGE_UNAVAILABLE: { status: 503, headers: { 'Retry-After': '5' } },
  });

  it('maps a domain error code to its status and keeps the code', () => {
    expect(
      answer(filter, new DomainError('VIDEO_NOT_FOUND', 'no such video')),
    ).toMatchObject({
      status: 404,
      body: {
        statusCode: 404,
        error: 'Not Found',
        message: 'no such video',
        code: 'VIDEO_NOT_FOUND',
        requestId: 'req-1',
      },
    });
  });

  it('adds the headers a mapping names', () => {
    expect(
      answer(filter, new DomainError('STORAGE_UNAVAILABLE', 'S3 is down'))
        .headers,
    ).toEqual({ 'Retry-After': '5' });
  });

  it('joins validation messages', () => {
    expect(
      answer(
        filter,
        new BadRequestException([
          'limit must be a number',
          'cursor is invalid',
        ]),
      ).body,
    ).toMatchObject({
      statusCode: 400,
      message: 'limit must be a number; cursor is invalid',
    });
  });

  it("keeps a failed health check's per-dependency details", () => {
    const details = { s3: { status: 'down', message: 'unreachable' } };
    expect(
      answer(
        filter,
        new ServiceUnavailableException({ status: 'error', details }),
      ).body,
    ).toMatchObject({ statusCode: 503, details });
  });

  it('hides an unexpected error behind a generic 500', () => {
    expect(answer(filter, new Error('secret internals')).body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
      requestId: 'req-1',
    });
  });
});

describe('JsonExceptionFilter with body-parser errors', () => {
  const filter = new JsonExceptionFilter();
  const parserError = (
    status: number,
    type: string | undefined,
    expose = status < 500,
  ) =>
    Object.assign(new Error('library words that may quote the body'), {
      status,
      statusCode: status,
      type,
      expose,
    });

  it.each([
    [413, 'entity.too.large'],
    [400, 'entity.parse.failed'],
    [415, 'encoding.unsupported'],
    [415, 'charset.unsupported'],
    [400, 'request.aborted'],
    [400, 'request.size.invalid'],
    [413, 'parameters.too.many'],
  ])('answers %i for %s, in its own words', (status, type) => {
    const { body } = answer(filter, parserError(status, type));
    expect(body).toMatchObject({
      statusCode: status,
      message: expect.not.stringContaining('library words'),
    });
  });

  it('keeps a parser failure that is our bug a generic 500', () => {
    expect(answer(filter, parserError(500, 'stream.encoding.set')).status).toBe(
      500,
    );
  });

  it('does not trust a status on an error that is not exposed', () => {
    expect(answer(filter, parserError(400, undefined, false)).status).toBe(500);
  });
});
