import { TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { redactSpanUrlAttributes } from './redact-span';

describe('redactSpanUrlAttributes', () => {
  const tracer = new TracerProvider().getTracer('spec');

  it('cuts signatures and tokens from the URL attributes the HTTP instrumentations set', () => {
    const span = tracer.startSpan('GET', {
      attributes: {
        'url.path': '/v1/api/video',
        'url.query': 'filename=a.mp4&%73ig=SECRET1&%61ccess_token=SECRET2',
        'url.full': 'http://s3:4566/videos/a.mp4?X-Amz-Signature=SECRET3',
        'http.target': '/v1/api/video?sig=SECRET4&sig=SECRET5',
        'http.url': 'http://gw/v1/api/video?SIG=SECRET6',
      },
    });
    redactSpanUrlAttributes(span);
    const attributes = (span as unknown as ReadableSpan).attributes;
    expect(JSON.stringify(attributes)).not.toMatch(/SECRET/);
    expect(attributes['url.query']).toBe(
      'filename=a.mp4&%73ig=[Redacted]&%61ccess_token=[Redacted]',
    );
    expect(attributes['url.path']).toBe('/v1/api/video');
  });

  it('leaves a span without URL attributes alone', () => {
    const span = tracer.startSpan('kafka', {
      attributes: { 'messaging.system': 'kafka' },
    });
    redactSpanUrlAttributes(span);
    expect((span as unknown as ReadableSpan).attributes).toEqual({
      'messaging.system': 'kafka',
    });
  });
});
