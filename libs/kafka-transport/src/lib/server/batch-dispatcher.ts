import type { LoggerService } from '@nestjs/common';
import type { MessageHandler } from '@nestjs/microservices';
import { context } from '@opentelemetry/api';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { lastValueFrom, type Observable } from 'rxjs';
import { KafkaContext } from '../kafka.context';
import type { DeadLetter, InboundMessage } from '../kafka-message';
import {
  DEFAULTS,
  type KafkaHandlerExtras,
  type KafkaTransportOptions,
} from '../kafka-transport.options';
import { permanentReason } from '../permanent-message.error';
import { ConsumerSpans } from './consumer-spans';
import { retryWithHeartbeat, type RetryPolicy } from './retry-with-heartbeat';

export interface DispatchTarget {
  /** Nest's handler: the controller method behind its pipes, interceptors and filters. */
  handler: MessageHandler;
  extras: KafkaHandlerExtras;
}

export interface DispatcherDeps {
  options: KafkaTransportOptions;
  deadLetters: { publish(letters: readonly DeadLetter[]): Promise<void> };
  logger: Pick<LoggerService, 'warn'>;
  toObservable: (result: unknown) => Observable<unknown>;
}

/**
 * Runs one partition's fetch through its handler and commits past what the handler finished.
 * A failed message (or batch) is retried in place, heartbeating, until it succeeds, is
 * dead-lettered (PermanentMessageError), or the consumer stops or loses the partition; then
 * nothing past the last success is committed and the next owner receives it again.
 */
export class BatchDispatcher {
  private readonly policy: RetryPolicy;

  constructor(private readonly deps: DispatcherDeps) {
    const { retry, consumer } = deps.options;
    this.policy = {
      initialMs: retry?.initialMs ?? DEFAULTS.retryInitialMs,
      maxMs: retry?.maxMs ?? DEFAULTS.retryMaxMs,
      heartbeatMs: consumer?.heartbeatInterval ?? DEFAULTS.heartbeatInterval,
    };
  }

  async dispatch(target: DispatchTarget, payload: EachBatchPayload) {
    const { batch } = payload;
    if (batch.isEmpty()) return;
    const messages = batch.messages.map((m) =>
      toInbound(batch.topic, batch.partition, m),
    );
    if (target.extras.batch) {
      await this.process(target, messages, payload);
      return;
    }
    for (const message of messages) {
      if (!payload.isRunning() || payload.isStale()) return;
      if (!(await this.process(target, [message], payload))) return;
    }
  }

  /** Until the handler's work is done (or dead-lettered), then the commit. False when abandoned. */
  private async process(
    target: DispatchTarget,
    messages: InboundMessage[],
    payload: EachBatchPayload,
  ): Promise<boolean> {
    const first = messages[0].source;
    const last = messages[messages.length - 1].source.offset;
    const spans = new ConsumerSpans(
      messages,
      target.extras.spanName ?? `${first.topic} process`,
    );
    const ctx = new KafkaContext([messages, () => payload.heartbeat()]);
    const data = target.extras.batch ? messages : messages[0];
    let deadLetterReason: string | undefined;
    const attempt = async () => {
      // Once the handler called it permanent, only the dead-letter send is retried.
      deadLetterReason ??= await this.invoke(target, data, ctx, payload);
      if (deadLetterReason === undefined) return;
      spans.event('dead-lettered', { reason: deadLetterReason });
      const reason = deadLetterReason;
      await this.deps.deadLetters.publish(
        messages.map((m) => ({ ...m, reason })),
      );
    };
    const outcome = await retryWithHeartbeat(
      () => context.with(spans.context(), attempt),
      {
        heartbeat: () => payload.heartbeat(),
        shouldStop: () => !payload.isRunning() || payload.isStale(),
        onRetry: (n, error, delayMs) => {
          const reason = error instanceof Error ? error.message : String(error);
          spans.event('retry', { attempt: n, reason });
          this.deps.options.hooks?.onRetry?.({
            source: first,
            firstOffset: first.offset,
            lastOffset: last,
            attempt: n,
            error,
            delayMs,
          });
          this.deps.logger.warn(
            `${first.topic}[${first.partition}] offsets ${first.offset}..${last} not stored (attempt ${n}), retrying in ${delayMs} ms: ${reason}`,
          );
        },
      },
      this.policy,
    ).catch((error: unknown) => {
      spans.end(error instanceof Error ? error.message : String(error));
      throw error;
    });
    if (!outcome.done) {
      spans.end('abandoned before it was stored');
      return false;
    }
    spans.end(deadLetterReason && `dead-lettered: ${deadLetterReason}`);
    payload.resolveOffset(last);
    await payload.commitOffsetsIfNecessary({
      topics: [
        {
          topic: first.topic,
          partitions: [
            { partition: first.partition, offset: String(BigInt(last) + 1n) },
          ],
        },
      ],
    });
    return true;
  }

  /**
   * One call of the handler, heartbeating while it works (a transcode may outlast the session
   * timeout). Resolves with the reason of a permanent error, rejects with a retriable one.
   */
  private async invoke(
    target: DispatchTarget,
    data: unknown,
    ctx: KafkaContext,
    payload: EachBatchPayload,
  ): Promise<string | undefined> {
    // A failing heartbeat means a rebalance; isStale() then tells the retry loop to stop.
    const beat = setInterval(
      () => void payload.heartbeat().catch(() => undefined),
      this.policy.heartbeatMs,
    );
    try {
      const result: unknown = await target.handler(data, ctx);
      await lastValueFrom(this.deps.toObservable(result), {
        defaultValue: undefined,
      });
      return undefined;
    } catch (error) {
      const reason = permanentReason(error);
      if (reason === undefined) throw error;
      return reason;
    } finally {
      clearInterval(beat);
    }
  }
}

export function toInbound(
  topic: string,
  partition: number,
  m: KafkaMessage,
): InboundMessage {
  return {
    key: m.key,
    value: m.value,
    headers: m.headers ?? {},
    timestamp: m.timestamp,
    source: { topic, partition, offset: m.offset },
  };
}
