import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { ROOT_CONTEXT, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createServer, get as httpGet, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp, type Options } from 'pino-http';
import { pinoHttpOptions, requestId, traceFields } from './logger.module';

describe('traceFields', () => {
  it('gives the ids of the active span', () => {
    const spanContext = {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
    };
    const active = trace.setSpan(
      ROOT_CONTEXT,
      trace.wrapSpanContext(spanContext),
    );
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    try {
      expect(context.with(active, traceFields)).toEqual({
        trace_id: spanContext.traceId,
        span_id: spanContext.spanId,
      });
    } finally {
      context.disable();
    }
  });

  it('gives nothing outside a span', () => {
    expect(traceFields()).toEqual({});
  });
});

describe('requestId', () => {
  const req = (headers: IncomingHttpHeaders) =>
    ({ headers }) as IncomingMessage;

  it("keeps the gateway's X-Request-Id", () => {
    expect(
      requestId(req({ 'x-request-id': '0af7651916cd43dd8448eb211c80319c' })),
    ).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('replaces a header that could forge log lines', () => {
    expect(requestId(req({ 'x-request-id': 'a"}\n{"level":60' }))).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });
});

describe('the request log line', () => {
  /** One request through pino-http with the services' options; returns the completion line. */
  async function logLineFor(
    url: string,
    respond: (res: ServerResponse) => void = (res) => res.end(),
  ) {
    const lines: string[] = [];
    const destination = new Writable({
      write: (chunk: Buffer, _encoding, done) => (
        lines.push(chunk.toString()),
        done()
      ),
    });
    const logger = pinoHttp(pinoHttpOptions('spec') as Options, destination);
    const server = createServer((req, res) => (logger(req, res), respond(res)));
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    const { port } = server.address() as AddressInfo;
    try {
      await new Promise<void>((resolve, reject) =>
        httpGet(
          {
            port,
            host: '127.0.0.1',
            path: url,
            headers: { Authorization: 'bearer SECRET-H', Cookie: 'c=SECRET-C' },
          },
          (res) => res.resume().on('end', resolve),
        ).on('error', reject),
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await new Promise((resolve) => setImmediate(resolve));
    return lines.join('');
  }

  it('holds no signature, token or credential header, however the keys were encoded', async () => {
    const line = await logLineFor(
      '/v1/api/video?filename=a.mp4&sig=SECRET-1&%73ig=SECRET-2&%2573ig=SECRET-3&%61ccess_token=SECRET-4&SIG=SECRET-5',
    );
    expect(line).toContain('/v1/api/video?filename=a.mp4');
    expect(line).not.toContain('SECRET');
  });

  it("redacts a presigned redirect's Location", async () => {
    const line = await logLineFor('/v1/api/video?filename=a.mp4', (res) => {
      res.statusCode = 302;
      res.setHeader(
        'Location',
        'http://s3/videos/a.mp4?X-Amz-Credential=SECRET-A&X-Amz-Signature=SECRET-B',
      );
      res.setHeader('Set-Cookie', 'session=SECRET-C');
      res.end();
    });
    expect(line).toContain('"statusCode":302');
    expect(line).toContain('X-Amz-Signature=[Redacted]');
    expect(line).not.toContain('SECRET');
  });
});
