import { ROOT_CONTEXT, SpanKind, type Attributes } from '@opentelemetry/api';
import { TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import {
  RedactingSampler,
  redactedUrlAttributes,
  samplerFromEnv,
} from './redacting-sampler';

describe('RedactingSampler on a real tracer', () => {
  const tracer = new TracerProvider({
    sampler: new RedactingSampler(samplerFromEnv({})),
  }).getTracer('spec');
  const startWith = (attributes: Attributes) =>
    (tracer.startSpan('GET', { attributes }) as unknown as ReadableSpan)
      .attributes;

  it('cuts signatures and tokens from every URL attribute an instrumentation sets at start', () => {
    const attributes = startWith({
      'url.path': '/v1/api/video',
      'url.query': 'filename=a.mp4&%73ig=SECRET1&%61ccess_token=SECRET2',
      'url.full': '/v1/api/video?filename=a.mp4&%2573ig=SECRET3&SIG=SECRET4', // nestjs-core: req.originalUrl
      'http.target': '/v1/api/video?sig=SECRET5&sig=SECRET6',
      'http.url': 'http://s3:4566/videos/a.mp4?X-Amz-Signature=SECRET7',
    });
    expect(JSON.stringify(attributes)).not.toMatch(/SECRET/);
    expect(attributes['url.query']).toBe(
      'filename=a.mp4&%73ig=[Redacted]&%61ccess_token=[Redacted]',
    );
    expect(attributes['url.path']).toBe('/v1/api/video');
  });

  it('leaves other spans as they are', () => {
    expect(
      startWith({
        'messaging.system': 'kafka',
        'url.full': 'http://s3:4566/videos?list-type=2',
      }),
    ).toEqual({
      'messaging.system': 'kafka',
      'url.full': 'http://s3:4566/videos?list-type=2',
    });
  });

  it('keeps the sampling decision of the sampler it wraps', () => {
    const off = new RedactingSampler(
      samplerFromEnv({ OTEL_TRACES_SAMPLER: 'always_off' }),
    );
    expect(
      off.shouldSample(
        ROOT_CONTEXT,
        'a'.repeat(32),
        'x',
        SpanKind.SERVER,
        { 'url.query': 'sig=1' },
        [],
      ).decision,
    ).toBe(0);
  });
});

describe('redactedUrlAttributes', () => {
  it('returns only what changes', () => {
    expect(
      redactedUrlAttributes({
        'url.query': 'a=1',
        'http.target': '/x?token=t',
        n: 1,
      }),
    ).toEqual({ 'http.target': '/x?token=[Redacted]' });
  });
});

describe('samplerFromEnv', () => {
  it.each([
    [{}, 'ParentBased{root=AlwaysOnSampler'],
    [{ OTEL_TRACES_SAMPLER: 'always_off' }, 'AlwaysOffSampler'],
    [
      {
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      },
      'TraceIdRatioBased{0.25}',
    ],
    [
      { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '7' },
      'TraceIdRatioBased{1}',
    ],
  ])('reads %j as the SDK does', (env, expected) => {
    expect(samplerFromEnv(env).toString()).toContain(expected);
  });
});
