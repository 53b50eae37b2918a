import {
  VIDEO_ACCESSED_TOPIC,
  type VideoAccessedEvent,
} from '@video-streaming/contracts';
import {
  Kafka,
  logLevel,
  type IHeaders,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import { KAFKA_BROKERS } from './stack';

export interface RawMessage {
  key?: string;
  value: string | null;
  headers?: IHeaders;
  partition?: number;
}

/** Produces to the real topic and prepares consumer groups, as the stream-service would. */
export class KafkaTestClient {
  readonly kafka = new Kafka({
    clientId: 'access-log-consumer-tests',
    brokers: KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
  });
  private producer?: Producer;

  async send(messages: RawMessage[], topic = VIDEO_ACCESSED_TOPIC) {
    if (!this.producer) {
      this.producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        retry: { retries: 20 },
      });
      await this.producer.connect();
    }
    return this.producer.send({ topic, acks: -1, messages });
  }

  /** Keyed by eventId, so a run spreads over every partition. */
  sendEvents(events: VideoAccessedEvent[]) {
    return this.send(
      events.map((e) => ({ key: e.eventId, value: JSON.stringify(e) })),
    );
  }

  /**
   * Commits the topic's current end for a new group, so a consumer in that group reads exactly
   * what is produced from now on (not the topic's history, and nothing produced before it joined is missed).
   */
  async startGroupAtEnd(
    groupId: string,
    topic = VIDEO_ACCESSED_TOPIC,
  ): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId,
        topic,
        partitions: ends.map((p) => ({
          partition: p.partition,
          offset: p.high,
        })),
      });
    } finally {
      await admin.disconnect();
    }
  }

  /** Private topics, so a test can flood and count without disturbing users of the shared ones. */
  async createTopics(topics: string[], numPartitions = 3): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((topic) => ({ topic, numPartitions })),
      });
    } finally {
      await admin.disconnect();
    }
  }

  async deleteTopics(topics: string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    await admin
      .deleteTopics({ topics })
      .catch(() => undefined)
      .finally(() => admin.disconnect());
  }

  /** Every message of `topic` from its beginning, read until `until` holds (a private reader group). */
  async readAll<T>(
    topic: string,
    groupId: string,
    map: (message: KafkaMessage, partition: number) => T,
    until: (items: T[]) => boolean,
    timeoutMs: number,
  ): Promise<T[]> {
    const items: T[] = [];
    const reader = this.kafka.consumer({
      groupId,
      maxBytesPerPartition: 4 * 1024 * 1024,
    });
    await reader.connect();
    try {
      await reader.subscribe({ topic, fromBeginning: true });
      await reader.run({
        eachMessage: async ({ message, partition }) =>
          void items.push(map(message, partition)),
      });
      const deadline = Date.now() + timeoutMs;
      while (!until(items) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 250));
      return items;
    } finally {
      await reader.disconnect();
    }
  }

  /** Test groups are throwaway: remove them rather than leave them to offsets.retention. */
  async deleteGroups(groupIds: string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    await admin
      .deleteGroups(groupIds)
      .catch(() => undefined)
      .finally(() => admin.disconnect());
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}
