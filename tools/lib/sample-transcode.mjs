// `npm start` on a first run: the stack uploads the sample video straight into S3 (no upload
// request, so no video-uploaded event). This sends the event stream-service would have sent, once,
// when the transcode-worker has published nothing for the sample yet, so that it gets its HLS ladder.
import { randomUUID } from 'node:crypto';
import { npmModule, s3Client } from '#tools/stack';

const HLS_PREFIX = 'hls/';

/** 'sent' | 'published' (a manifest or a failure exists already) | 'missing' (no sample object). */
export async function requestSampleTranscode(
  c,
  { topic = 'video-uploaded' } = {},
) {
  const { HeadObjectCommand } = npmModule('@aws-sdk/client-s3');
  const s3 = s3Client(c);
  const key = c.s3.sampleKey;
  const head = (Key) =>
    s3
      .send(new HeadObjectCommand({ Bucket: c.s3.bucket, Key }))
      .catch((error) => {
        if (
          error?.$metadata?.httpStatusCode === 404 ||
          error?.name === 'NotFound'
        )
          return null;
        throw error;
      });
  try {
    const source = await head(key);
    if (!source) return 'missing';
    for (const name of ['manifest.json', 'failed.json'])
      if (await head(`${HLS_PREFIX}${key}/${name}`)) return 'published';
    await sendUploaded(c, topic, {
      schemaVersion: 1,
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      videoKey: key,
      source: { bucket: c.s3.bucket, key, etag: source.ETag ?? null },
      sizeBytes: source.ContentLength ?? 0,
      contentType: source.ContentType ?? 'video/mp4',
      uploadedBy: 'seed',
      uploadProtocol: 'single-request',
      trace: { traceparent: null },
    });
    return 'sent';
  } finally {
    s3.destroy();
  }
}

async function sendUploaded(c, topic, event) {
  const { Kafka, logLevel } = npmModule('kafkajs');
  const producer = new Kafka({
    clientId: 'npm-start',
    brokers: [`${c.host}:${c.kafka.port}`],
    logLevel: logLevel.NOTHING,
  }).producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: [{ key: event.videoKey, value: JSON.stringify(event) }],
    });
  } finally {
    await producer.disconnect();
  }
}
