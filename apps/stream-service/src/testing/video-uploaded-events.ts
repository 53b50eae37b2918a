import {
  parseVideoUploadedEvent,
  VIDEO_UPLOADED_TOPIC,
  type VideoUploadedEvent,
} from '@video-streaming/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { devKafkaBrokers } from '@video-streaming/dev-stack';

type TopicOffsets = { partition: number; offset: string }[];

const aKafka = () =>
  new Kafka({
    clientId: `stream-test-${randomUUID()}`,
    brokers: devKafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });

/** The end of video-uploaded now: collect from here events sent later (e.g. after an outage). */
export async function uploadedTopicEnd(): Promise<TopicOffsets> {
  const admin = aKafka().admin();
  await admin.connect();
  try {
    return await admin.fetchTopicOffsets(VIDEO_UPLOADED_TOPIC);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads video-uploaded from its current end (or `from`) with a fresh group, keeping the events whose key
 * starts with `prefix`, so tests never see each other's.
 */
export async function collectUploadedEvents(
  prefix: string,
  from?: TopicOffsets,
) {
  const kafka = aKafka();
  const start = from ?? (await uploadedTopicEnd());
  const consumer = kafka.consumer({ groupId: `stream-test-${randomUUID()}` });
  const received: VideoUploadedEvent[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: VIDEO_UPLOADED_TOPIC });
  let positioned = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    if (positioned) return;
    positioned = true;
    for (const { partition, offset } of start)
      consumer.seek({ topic: VIDEO_UPLOADED_TOPIC, partition, offset });
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const parsed = parseVideoUploadedEvent(message.value);
      if (parsed.ok && parsed.event.videoKey.startsWith(prefix))
        received.push(parsed.event);
    },
  });
  return {
    received,
    async waitFor(
      predicate: (e: VideoUploadedEvent) => boolean,
      timeoutMs = 30_000,
    ): Promise<VideoUploadedEvent | undefined> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = received.find(predicate);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      return undefined;
    },
    stop: () => consumer.disconnect(),
  };
}
