import type {
  Context,
  TextMapGetter,
  TextMapPropagator,
  TextMapSetter,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * W3C trace context that leaves a `traceparent` already in the carrier alone.
 *
 * stream-service queues access events and sends them to Kafka in batches from a timer; each
 * message's headers already hold the context of the request that caused it (`video.access.log`).
 * The kafkajs instrumentation injects the context active at send time, a batch with no request,
 * into every message, which would cut the consumer off from the request's trace. With this
 * propagator the message keeps its own context and the consumer's span joins the right trace.
 */
export class KeepExistingTraceContextPropagator implements TextMapPropagator {
  private readonly w3c = new W3CTraceContextPropagator();

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    if (hasTraceparent(carrier)) return;
    this.w3c.inject(context, carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return this.w3c.extract(context, carrier, getter);
  }

  fields(): string[] {
    return this.w3c.fields();
  }
}

function hasTraceparent(carrier: unknown): boolean {
  if (typeof carrier !== 'object' || carrier === null) return false;
  const value: unknown = (carrier as Record<string, unknown>)['traceparent'];
  return value !== undefined && value !== null && String(value) !== '';
}
