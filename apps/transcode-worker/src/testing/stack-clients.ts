import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  parseVideoFailedEvent,
  parseVideoReadyEvent,
  type VideoFailedEvent,
  type VideoReadyEvent,
} from '@video-streaming/contracts';
import { aVideoUploadedEvent } from '@video-streaming/contracts/testing';
import {
  devKafkaBrokers,
  devS3,
  dropKafkaSession,
} from '@video-streaming/dev-stack';
import { s3ClientConfig } from '@video-streaming/s3';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const BUCKET = process.env['S3_BUCKET'] ?? 'videos';
export const BROKERS = devKafkaBrokers();

/** The stack's S3 with the development keys, as the worker uses it. */
export function testS3() {
  const { endpoint, accessKeyId, secretAccessKey } = devS3();
  const s3 = new S3Client(
    s3ClientConfig({
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secretAccessKey,
    }),
  );
  const keys = async (prefix: string) => {
    const out = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }),
    );
    return (out.Contents ?? []).map((o) => ({
      key: o.Key ?? '',
      modified: o.LastModified?.toISOString(),
    }));
  };
  return {
    async upload(key: string, file: string) {
      await s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: key,
          Body: await readFile(file),
        }),
      );
      const head = await s3.send(
        new HeadObjectCommand({ Bucket: BUCKET, Key: key }),
      );
      return head.ETag ?? '';
    },
    keys,
    async text(key: string): Promise<string | undefined> {
      try {
        const out = await s3.send(
          new GetObjectCommand({ Bucket: BUCKET, Key: key }),
        );
        return await out.Body?.transformToString();
      } catch {
        return undefined;
      }
    },
    /** Copies every object under `prefix` to `dir`, keeping the layout (players read it so). */
    async download(prefix: string, dir: string) {
      for (const { key } of await keys(prefix)) {
        const out = await s3.send(
          new GetObjectCommand({ Bucket: BUCKET, Key: key }),
        );
        const target = join(dir, key.slice(prefix.length));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, (await out.Body?.transformToByteArray()) ?? []);
      }
    },
    /** One DeleteObject per key: S3Proxy does not implement DeleteObjects with these clients. */
    async removeAll(prefix: string) {
      for (const { key } of await keys(prefix))
        await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    },
    destroy: () => s3.destroy(),
  };
}

/** Private topics, an upload producer and a collector of the worker's answers. */
export async function testKafka(run: string) {
  const kafka = new Kafka({
    clientId: `it-${run}`,
    brokers: BROKERS,
    logLevel: logLevel.NOTHING,
  });
  const topics = {
    uploaded: `it-video-uploaded-${run}`,
    ready: `it-video-ready-${run}`,
    failed: `it-video-failed-${run}`,
  };
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      ...Object.values(topics).map((topic) => ({ topic, numPartitions: 1 })),
      { topic: `${topics.uploaded}.dlq`, numPartitions: 1 },
    ],
  });
  const producer = kafka.producer();
  await producer.connect();
  const ready: VideoReadyEvent[] = [];
  const failed: VideoFailedEvent[] = [];
  const consumer: Consumer = kafka.consumer({ groupId: `it-collector-${run}` });
  await consumer.connect();
  await consumer.subscribe({
    topics: [topics.ready, topics.failed],
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      if (topic === topics.ready) {
        const parsed = parseVideoReadyEvent(message.value);
        if (parsed.ok) ready.push(parsed.event);
      } else {
        const parsed = parseVideoFailedEvent(message.value);
        if (parsed.ok) failed.push(parsed.event);
      }
    },
  });
  return {
    topics,
    ready,
    failed,
    /** A video-uploaded as stream-service sends it; returns its eventId. */
    async uploaded(videoKey: string, etag: string, eventId?: string) {
      const event = aVideoUploadedEvent({
        videoKey,
        source: { bucket: BUCKET, key: videoKey, etag },
        ...(eventId ? { eventId } : {}),
      });
      await producer.send({
        topic: topics.uploaded,
        messages: [{ key: videoKey, value: JSON.stringify(event) }],
      });
      return event.eventId;
    },
    close: () =>
      dropKafkaSession({
        clients: [consumer, producer],
        admin,
        topics: [...Object.values(topics), `${topics.uploaded}.dlq`],
      }),
  };
}
