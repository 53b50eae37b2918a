import type { Attributes, Span } from '@opentelemetry/api';
import { redactQuery, redactUrl } from './redact';

/** Span attributes (old and stable HTTP semantic conventions) that hold a URL or its query. */
const URL_ATTRIBUTES = [
  'url.full',
  'url.original',
  'http.url',
  'http.target',
] as const;
const QUERY_ATTRIBUTES = ['url.query'] as const;

/**
 * Rewrites a span's URL attributes with the logs' redaction. The HTTP instrumentation's own
 * redaction compares raw key names from a short list (`sig`, not `%73ig`, and no access_token);
 * traces reach Jaeger and Zipkin, where they are kept longer than logs.
 */
export function redactSpanUrlAttributes(span: Span): void {
  // The SDK's span keeps its attributes readable; a non-recording span has none to fix.
  const attributes = (span as Span & { attributes?: Attributes }).attributes;
  if (!attributes) return;
  for (const key of URL_ATTRIBUTES) {
    const value = attributes[key];
    if (typeof value === 'string') span.setAttribute(key, redactUrl(value));
  }
  for (const key of QUERY_ATTRIBUTES) {
    const value = attributes[key];
    if (typeof value === 'string') span.setAttribute(key, redactQuery(value));
  }
}
