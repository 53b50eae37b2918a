import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { ROOT_CONTEXT, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { redactUrl, requestId, traceFields } from './logger.module';

describe('redactUrl', () => {
  it('hides the signature of a playback URL and keeps the rest', () => {
    expect(
      redactUrl('/v1/api/video?filename=a.mp4&exp=1700000000&sig=abcDEF123'),
    ).toBe('/v1/api/video?filename=a.mp4&exp=1700000000&sig=[Redacted]');
  });

  it('hides presigned S3 credentials', () => {
    expect(
      redactUrl(
        '/videos/a.mp4?X-Amz-Credential=AKIA%2F&X-Amz-Signature=deadbeef',
      ),
    ).toBe(
      '/videos/a.mp4?X-Amz-Credential=[Redacted]&X-Amz-Signature=[Redacted]',
    );
  });

  it('leaves a URL without secrets untouched', () => {
    expect(redactUrl('/v1/api/videos?limit=10')).toBe(
      '/v1/api/videos?limit=10',
    );
  });
});

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
