import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SamplingResult,
} from '@opentelemetry/sdk-trace';
import { redactQuery, redactUrl } from './redact';

const URL_ATTRIBUTES = ['url.full', 'url.original', 'http.url', 'http.target'];
const QUERY_ATTRIBUTES = ['url.query'];

/** The redacted values of a span's URL attributes, only for those that change. */
export function redactedUrlAttributes(attributes: Attributes): Attributes {
  const changed: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value !== 'string') continue;
    const redacted = URL_ATTRIBUTES.includes(key)
      ? redactUrl(value)
      : QUERY_ATTRIBUTES.includes(key)
        ? redactQuery(value)
        : value;
    if (redacted !== value) changed[key] = redacted;
  }
  return changed;
}

/**
 * The sampler sees every span's start attributes before the span exists, and the SDK lets its
 * result overwrite them: the one place that covers every instrumentation (HTTP, undici, and
 * nestjs-core, which copies `req.originalUrl` into `url.full` with no hook of its own) without
 * replacing the span processors the SDK builds from OTEL_TRACES_EXPORTER.
 */
export class RedactingSampler implements Sampler {
  constructor(private readonly inner: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const result = this.inner.shouldSample(
      context,
      traceId,
      name,
      kind,
      attributes,
      links,
    );
    const redacted = redactedUrlAttributes({
      ...attributes,
      ...result.attributes,
    });
    return Object.keys(redacted).length
      ? { ...result, attributes: { ...result.attributes, ...redacted } }
      : result;
  }

  toString(): string {
    return `RedactingSampler{${this.inner.toString()}}`;
  }
}

/** OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG as the SDK reads them (default parentbased_always_on). */
export function samplerFromEnv(env: NodeJS.ProcessEnv = process.env): Sampler {
  const arg = Number(env['OTEL_TRACES_SAMPLER_ARG']);
  const ratio =
    env['OTEL_TRACES_SAMPLER_ARG'] !== undefined && arg >= 0 && arg <= 1
      ? arg
      : 1;
  const samplers: Record<string, () => Sampler> = {
    always_on: () => new AlwaysOnSampler(),
    always_off: () => new AlwaysOffSampler(),
    traceidratio: () => new TraceIdRatioBasedSampler(ratio),
    parentbased_always_off: () =>
      new ParentBasedSampler({ root: new AlwaysOffSampler() }),
    parentbased_traceidratio: () =>
      new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
  };
  const make = samplers[env['OTEL_TRACES_SAMPLER']?.trim() ?? ''];
  return make
    ? make()
    : new ParentBasedSampler({ root: new AlwaysOnSampler() });
}
