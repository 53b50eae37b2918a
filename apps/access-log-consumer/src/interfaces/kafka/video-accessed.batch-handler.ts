import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  SpanKind,
  SpanStatusCode,
  context,
  trace,
  type Span,
} from '@opentelemetry/api';
import { CONSUMER_SPAN_NAME } from '@video-streaming/contracts';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Batch, EachBatchPayload } from 'kafkajs';
import type { Counter } from 'prom-client';
import {
  StoreAccessEventsUseCase,
  type IncomingMessage,
} from '../../application/store-access-events/store-access-events.use-case';
import { APP_CONFIG, type AppConfig } from '../../config';
import { STORE_RETRIES } from '../../infra/observability/consumer-metrics';
import { extractTraceContext } from './kafka-trace-context';
import { retryWithHeartbeat } from './retry-with-heartbeat';

const tracer = trace.getTracer('access-log-consumer');

/**
 * One partition's batch: store it (retrying until it is stored), then commit past it. Offsets are
 * committed only here, after the rows exist, so a crash at any point means redelivery, never loss.
 */
@Injectable()
export class VideoAccessedBatchHandler {
  private readonly logger = new Logger(VideoAccessedBatchHandler.name);

  constructor(
    private readonly storeAccessEvents: StoreAccessEventsUseCase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectMetric(STORE_RETRIES) private readonly retries: Counter<string>,
  ) {}

  async handle({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    if (batch.isEmpty()) return;
    const messages = batch.messages.map(
      (m): IncomingMessage => ({
        key: m.key,
        value: m.value,
        headers: m.headers ?? {},
        source: {
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
        },
      }),
    );
    const spans = startSaveSpans(batch);
    // One INSERT stores the whole batch; it runs in the first event's span so the database work
    // joins that request's trace (the other events' spans record the same batch by their offsets).
    const storeContext = trace.setSpan(context.active(), spans[0]);
    const outcome = await retryWithHeartbeat(
      () =>
        context.with(storeContext, () =>
          this.storeAccessEvents.execute(messages),
        ),
      {
        heartbeat,
        shouldStop: () => !isRunning() || isStale(),
        onRetry: (attempt, error, delayMs) => {
          this.retries.inc();
          const reason = error instanceof Error ? error.message : String(error);
          for (const span of spans) span.addEvent('retry', { attempt, reason });
          this.logger.warn(
            `partition ${batch.partition} offsets ${batch.firstOffset()}..${batch.lastOffset()} not stored (attempt ${attempt}), retrying in ${delayMs} ms: ${reason}`,
          );
        },
      },
      {
        initialMs: this.config.STORE_RETRY_INITIAL_MS,
        maxMs: this.config.STORE_RETRY_MAX_MS,
        heartbeatMs: this.config.CONSUMER_HEARTBEAT_INTERVAL_MS,
      },
    ).finally(() => spans.forEach((span) => span.end()));
    if (!outcome.done) {
      // Stopping or rebalanced mid-retry: nothing is committed, the next owner gets the batch again.
      spans.forEach((span) =>
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: 'abandoned before it was stored',
        }),
      );
      return;
    }
    const last = batch.lastOffset();
    resolveOffset(last);
    const next = (BigInt(last) + 1n).toString();
    await commitOffsetsIfNecessary({
      topics: [
        {
          topic: batch.topic,
          partitions: [{ partition: batch.partition, offset: next }],
        },
      ],
    });
  }
}

/** One span per event, each a child of the HTTP request that emitted it (its traceparent header). */
function startSaveSpans(batch: Batch): Span[] {
  const partition = String(batch.partition);
  return batch.messages.map((message) =>
    tracer.startSpan(
      CONSUMER_SPAN_NAME,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': batch.topic,
          'messaging.destination.partition.id': partition,
          'messaging.kafka.offset': message.offset,
        },
      },
      extractTraceContext(message.headers),
    ),
  );
}
