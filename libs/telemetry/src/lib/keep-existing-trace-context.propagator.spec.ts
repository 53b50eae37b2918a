import {
  ROOT_CONTEXT,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
} from '@opentelemetry/api';
import { KeepExistingTraceContextPropagator } from './keep-existing-trace-context.propagator';

describe('KeepExistingTraceContextPropagator', () => {
  const propagator = new KeepExistingTraceContextPropagator();
  const batch = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: 'b'.repeat(32),
    spanId: 'c'.repeat(16),
    traceFlags: 1,
  });

  it('keeps the context a message was stamped with when its batch is sent under another', () => {
    const request = `00-${'a'.repeat(32)}-${'1'.repeat(16)}-01`;
    const headers: Record<string, string> = { traceparent: request };
    propagator.inject(batch, headers, defaultTextMapSetter);
    expect(headers['traceparent']).toBe(request);
  });

  it('injects the active context into a carrier without one', () => {
    const headers: Record<string, string> = {};
    propagator.inject(batch, headers, defaultTextMapSetter);
    expect(headers['traceparent']).toBe(
      `00-${'b'.repeat(32)}-${'c'.repeat(16)}-01`,
    );
  });

  it('extracts W3C trace context', () => {
    const context = propagator.extract(
      ROOT_CONTEXT,
      { traceparent: `00-${'a'.repeat(32)}-${'1'.repeat(16)}-01` },
      defaultTextMapGetter,
    );
    expect(trace.getSpanContext(context)?.traceId).toBe('a'.repeat(32));
  });
});
