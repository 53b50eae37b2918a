import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { KAFKA_CLIENT } from '../kafka-client';
import type { DeadLetter } from '../kafka-message';
import {
  DEFAULTS,
  KAFKA_TRANSPORT_OPTIONS,
  defaultDeadLetterTopic,
  type KafkaTransportOptions,
} from '../kafka-transport.options';
import {
  splitIntoSends,
  toLetterMessage,
  type LetterMessage,
  type SendLimits,
} from './dead-letter-sends';
import { isPermanentKafkaError } from './kafka-errors';

type Item = LetterMessage & { letter: DeadLetter; bare?: boolean };

/**
 * Writes dead letters in sends that fit the broker's limits, so a burst of bad events can never
 * make one produce request the broker refuses, and a refusal that retrying cannot fix (too large,
 * invalid record) is split or cut down instead of failing the batch forever. See ADR 0014.
 */
@Injectable()
export class KafkaDeadLetterPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(KafkaDeadLetterPublisher.name);
  private readonly producer: Producer;
  private readonly limits: SendLimits;
  private readonly topicOf: (sourceTopic: string) => string;
  private connecting?: Promise<void>;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(KAFKA_TRANSPORT_OPTIONS)
    private readonly options: KafkaTransportOptions,
  ) {
    // Not idempotent: that needs unbounded retries, and a send that never returns would starve the
    // batch's heartbeats. A letter sent twice after an ambiguous failure is the accepted cost.
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.limits = {
      maxMessages:
        options.deadLetterSends?.maxMessages ?? DEFAULTS.deadLetterMaxMessages,
      maxBytes:
        options.deadLetterSends?.maxBytes ?? DEFAULTS.deadLetterMaxBytes,
    };
    this.topicOf = options.deadLetterTopic ?? defaultDeadLetterTopic;
  }

  /** Resolves only once every letter is durably stored (acks from all in-sync replicas). */
  async publish(letters: readonly DeadLetter[]): Promise<void> {
    if (!letters.length) return;
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    await this.connecting;
    const byTopic = new Map<string, Item[]>();
    for (const letter of letters) {
      const topic = this.topicOf(letter.source.topic);
      const item = { letter, ...toLetterMessage(letter, this.limits.maxBytes) };
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), item]);
    }
    for (const [topic, items] of byTopic)
      for (const send of splitIntoSends(items, this.limits))
        await this.sendSplittingRefused(topic, send);
  }

  /**
   * A transient failure propagates (the batch is retried). A permanent refusal halves the send
   * until the one refused letter is known; that one goes as its bare headers, or is dropped and
   * logged with its source if even that is refused.
   */
  private async sendSplittingRefused(
    topic: string,
    items: Item[],
  ): Promise<void> {
    try {
      await this.producer.send({
        topic,
        acks: -1,
        messages: items.map((item) => item.message),
      });
      for (const { letter, truncated } of items)
        this.options.hooks?.onDeadLettered?.(letter, truncated);
    } catch (error) {
      if (!isPermanentKafkaError(error)) throw error;
      if (items.length > 1) {
        this.logger.warn(
          `dead-letter send of ${items.length} letters refused by the broker, splitting it in two: ${(error as Error).message}`,
        );
        const middle = Math.ceil(items.length / 2);
        await this.sendSplittingRefused(topic, items.slice(0, middle));
        await this.sendSplittingRefused(topic, items.slice(middle));
        return;
      }
      const [item] = items;
      if (!item.bare) {
        const bare = toLetterMessage(item.letter, 0);
        return this.sendSplittingRefused(topic, [
          { ...item, ...bare, bare: true },
        ]);
      }
      const { topic: source, partition, offset } = item.letter.source;
      this.options.hooks?.onDeadLetterDropped?.(item.letter, error);
      this.logger.error(
        `dead letter for ${source}[${partition}]@${offset} refused by the broker and dropped: ${(error as Error).message}`,
      );
    }
  }

  /** After the consumer's last batch, which may still need to send its dead letters. */
  async onApplicationShutdown(): Promise<void> {
    if (this.connecting) await this.producer.disconnect();
  }
}
