import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { aVideoAccessedEvent } from '@video-streaming/contracts/testing';
import type { Producer, ProducerRecord } from 'kafkajs';
import { Counter, Gauge } from 'prom-client';
import { readConfig } from '../../config';
import { KafkaAccessEventPublisher } from './kafka-access-event.publisher';

describe('KafkaAccessEventPublisher tracing', () => {
  const exporter = new InMemorySpanExporter();
  const contextManager = new AsyncLocalStorageContextManager().enable();

  beforeAll(() => {
    context.setGlobalContextManager(contextManager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(
      new TracerProvider({
        spanProcessors: [new SimpleSpanProcessor({ exporter })],
      }),
    );
  });
  afterAll(() => {
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it('wraps each produce in a video.access.log span, child of the request, and sends its traceparent in the headers', async () => {
    const sent: ProducerRecord[] = [];
    const producer = {
      events: { DISCONNECT: 'd' },
      on: () => () => undefined,
      connect: () => Promise.resolve(),
      disconnect: () => Promise.resolve(),
      send: (r: ProducerRecord) => (sent.push(r), Promise.resolve([])),
    } as unknown as Producer;
    const metric = (name: string) =>
      new Counter({ name, help: name, registers: [] });
    const publisher = new KafkaAccessEventPublisher(
      producer,
      readConfig({ KAFKA_BATCH_INTERVAL_MS: '1' }),
      metric('q'),
      metric('s'),
      metric('d'),
      new Gauge({ name: 'b', help: 'b', registers: [] }),
      metric('i'),
    );
    const request = trace.getTracer('test').startSpan('GET /v1/api/video');
    context.with(trace.setSpan(context.active(), request), () =>
      publisher.publish(aVideoAccessedEvent()),
    );
    request.end();
    await publisher.onApplicationShutdown();

    const produce = exporter
      .getFinishedSpans()
      .find((s) => s.name === 'video.access.log');
    expect(produce?.parentSpanContext?.spanId).toBe(
      request.spanContext().spanId,
    );
    const traceparent = String(sent[0].messages[0].headers?.['traceparent']);
    expect(traceparent).toBe(
      `00-${request.spanContext().traceId}-${produce?.spanContext().spanId}-01`,
    );
  });
});
