import {
  parseVideoAccessedEvent,
  VIDEO_ACCESSED_TOPIC,
  type VideoAccessedEvent,
} from '@video-streaming/contracts';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';

export interface ReceivedEvent {
  event: VideoAccessedEvent;
  key: string | null;
  headers: Record<string, string>;
}

/**
 * Reads video-accessed from the beginning with a fresh consumer group, keeping the events of one
 * test (by userId), so tests never see each other's events.
 */
export async function collectAccessEvents(userId: string) {
  const kafka = new Kafka({
    clientId: `stream-test-${randomUUID()}`,
    brokers: ['127.0.0.1:9092'],
    logLevel: logLevel.NOTHING,
  });
  const consumer: Consumer = kafka.consumer({
    groupId: `stream-test-${randomUUID()}`,
  });
  const received: ReceivedEvent[] = [];
  await consumer.connect();
  await consumer.subscribe({
    topic: VIDEO_ACCESSED_TOPIC,
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const parsed = parseVideoAccessedEvent(message.value);
      if (!parsed.ok || parsed.event.userId !== userId) return;
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
