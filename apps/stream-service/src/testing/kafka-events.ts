import {
  parseVideoAccessedEvent,
  VIDEO_ACCESSED_TOPIC,
  type VideoAccessedEvent,
} from '@video-streaming/contracts';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { devKafkaBrokers } from '@video-streaming/dev-stack';

export interface ReceivedEvent {
  event: VideoAccessedEvent;
  key: string | null;
  headers: Record<string, string>;
}

export type TopicPosition = { partition: number; offset: string }[];

const kafka = () =>
  new Kafka({
    clientId: `stream-test-${randomUUID()}`,
    brokers: devKafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });

/** Where video-accessed ends now: a test reads from here, not through everyone's history. */
export async function topicEnd(): Promise<TopicPosition> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(VIDEO_ACCESSED_TOPIC)).map(
      ({ partition, offset }) => ({ partition, offset }),
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads video-accessed from `since` (default: its current end) with a fresh consumer group,
 * keeping the events of one test (by userId, or a predicate), so tests never see each other's.
 */
export async function collectAccessEvents(
  userId: string | ((event: VideoAccessedEvent) => boolean),
  since?: TopicPosition,
) {
  const mine =
    typeof userId === 'string'
      ? (event: VideoAccessedEvent) => event.userId === userId
      : userId;
  const start = since ?? (await topicEnd());
  const consumer: Consumer = kafka().consumer({
    groupId: `stream-test-${randomUUID()}`,
  });
  const received: ReceivedEvent[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: VIDEO_ACCESSED_TOPIC });
  // Positioned when the group is first joined, not right after run(): just after a broker restart
  // run() can crash and restart its group, and a seek before that throws or is lost with it.
  let positioned = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    if (positioned) return;
    positioned = true;
    for (const { partition, offset } of start)
      consumer.seek({ topic: VIDEO_ACCESSED_TOPIC, partition, offset });
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const parsed = parseVideoAccessedEvent(message.value);
      if (!parsed.ok || !mine(parsed.event)) return;
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      received.push({
        event: parsed.event,
        key: message.key?.toString() ?? null,
        headers,
      });
    },
  });
  return {
    received,
    async waitFor(count: number, timeoutMs = 30_000): Promise<ReceivedEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      return received;
    },
    stop: () => consumer.disconnect(),
  };
}
