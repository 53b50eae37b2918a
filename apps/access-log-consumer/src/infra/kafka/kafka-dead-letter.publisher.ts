import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  DLQ_HEADERS,
  VIDEO_ACCESSED_DLQ_TOPIC,
} from '@video-streaming/contracts';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Counter } from 'prom-client';
import type {
  DeadLetter,
  DeadLetterPublisher,
} from '../../domain/dead-letter.port';
import { DLQ_MESSAGES } from '../observability/consumer-metrics';
import { KAFKA } from './kafka.client';

/** Header values are bounded: a reason quoting a huge payload must not make the letter too big. */
const MAX_REASON_LENGTH = 1_000;

@Injectable()
export class KafkaDeadLetterPublisher
  implements DeadLetterPublisher, OnApplicationShutdown
{
  private readonly producer: Producer;
  private connecting?: Promise<void>;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @InjectMetric(DLQ_MESSAGES) private readonly dlqCount: Counter<string>,
  ) {
    // Not idempotent: that needs unbounded retries, and a send that never returns would starve the
    // batch's heartbeats. A letter sent twice after an ambiguous failure is the accepted cost.
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async publish(letters: readonly DeadLetter[]): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    await this.connecting;
    await this.producer.send({
      topic: VIDEO_ACCESSED_DLQ_TOPIC,
      acks: -1,
      messages: letters.map((letter) => ({
        key: letter.key,
        value: letter.value,
        headers: {
          ...definedHeaders(letter.headers),
          [DLQ_HEADERS.reason]: letter.reason.slice(0, MAX_REASON_LENGTH),
          [DLQ_HEADERS.sourceTopic]: letter.source.topic,
          [DLQ_HEADERS.sourcePartition]: String(letter.source.partition),
          [DLQ_HEADERS.sourceOffset]: letter.source.offset,
        },
      })),
    });
    // The reason's prefix ("malformed JSON", "schema violation", "empty message value") is a bounded label.
    for (const letter of letters)
      this.dlqCount.inc({ reason: letter.reason.split(':')[0] });
  }

  /** After the consumer's last batch, which may still need to send its dead letters. */
  async onApplicationShutdown(): Promise<void> {
    if (this.connecting) await this.producer.disconnect();
  }
}

type HeaderValue = Buffer | string | (Buffer | string)[];

function definedHeaders(
  headers: DeadLetter['headers'],
): Record<string, HeaderValue> {
  return Object.fromEntries(
    Object.entries(headers).filter(
      (e): e is [string, HeaderValue] => e[1] !== undefined,
    ),
  );
}
