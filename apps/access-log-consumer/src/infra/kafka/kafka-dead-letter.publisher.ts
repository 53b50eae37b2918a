import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Counter } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../../config';
import type {
  DeadLetter,
  DeadLetterPublisher,
} from '../../domain/dead-letter.port';
import {
  DLQ_DROPPED,
  DLQ_MESSAGES,
  DLQ_TRUNCATED,
} from '../observability/consumer-metrics';
import {
  splitIntoSends,
  toLetterMessage,
  type LetterMessage,
  type SendLimits,
} from './dead-letter-sends';
import { isPermanentKafkaError } from './kafka-errors';
import { KAFKA } from './kafka.client';

type Item = LetterMessage & { letter: DeadLetter; bare?: boolean };

/**
 * Writes dead letters in sends that fit the broker's limits, so a burst of bad events can never
 * make one produce request the broker refuses, and a refusal that retrying cannot fix (too large,
 * invalid record) is split or cut down instead of failing the batch forever. See ADR 0014.
 */
@Injectable()
export class KafkaDeadLetterPublisher
  implements DeadLetterPublisher, OnApplicationShutdown
{
  private readonly logger = new Logger(KafkaDeadLetterPublisher.name);
  private readonly producer: Producer;
  private readonly limits: SendLimits;
  private connecting?: Promise<void>;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectMetric(DLQ_MESSAGES) private readonly dlqCount: Counter<string>,
    @InjectMetric(DLQ_TRUNCATED) private readonly truncated: Counter<string>,
    @InjectMetric(DLQ_DROPPED) private readonly dropped: Counter<string>,
  ) {
    // Not idempotent: that needs unbounded retries, and a send that never returns would starve the
    // batch's heartbeats. A letter sent twice after an ambiguous failure is the accepted cost.
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.limits = {
      maxMessages: config.DLQ_MAX_SEND_MESSAGES,
      maxBytes: config.DLQ_MAX_SEND_BYTES,
    };
  }

  async publish(letters: readonly DeadLetter[]): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    await this.connecting;
    const items = letters.map(
      (letter): Item => ({
        letter,
        ...toLetterMessage(letter, this.limits.maxBytes),
      }),
    );
    for (const send of splitIntoSends(items, this.limits))
      await this.sendSplittingRefused(send);
  }

  /**
   * A transient failure propagates (the batch is retried). A permanent refusal halves the send
   * until the one refused letter is known; that one goes as its bare headers, or is dropped and
   * logged with its source if even that is refused.
   */
  private async sendSplittingRefused(items: Item[]): Promise<void> {
    try {
      await this.producer.send({
        topic: this.config.ACCESS_LOG_DLQ_TOPIC,
        acks: -1,
        messages: items.map((item) => item.message),
      });
      this.count(items);
    } catch (error) {
      if (!isPermanentKafkaError(error)) throw error;
      if (items.length > 1) {
        this.logger.warn(
          `dead-letter send of ${items.length} letters refused by the broker, splitting it in two: ${(error as Error).message}`,
        );
        const middle = Math.ceil(items.length / 2);
        await this.sendSplittingRefused(items.slice(0, middle));
        await this.sendSplittingRefused(items.slice(middle));
        return;
      }
      const [item] = items;
      if (!item.bare) {
        const bare = toLetterMessage(item.letter, 0);
        return this.sendSplittingRefused([{ ...item, ...bare, bare: true }]);
      }
      const { topic, partition, offset } = item.letter.source;
      this.dropped.inc();
      this.logger.error(
        `dead letter for ${topic}[${partition}]@${offset} refused by the broker and dropped: ${(error as Error).message}`,
      );
    }
  }

  private count(items: readonly Item[]): void {
    for (const { letter, truncated } of items) {
      // The reason's prefix ("malformed JSON", "schema violation", ...) is a bounded label.
      this.dlqCount.inc({ reason: letter.reason.split(':')[0] });
      if (truncated) this.truncated.inc();
    }
  }

  /** After the consumer's last batch, which may still need to send its dead letters. */
  async onApplicationShutdown(): Promise<void> {
    if (this.connecting) await this.producer.disconnect();
  }
}
