import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { EventOutbox, OutboxRecord } from '../../domain/event-outbox.port';
import { OUTBOX_PREFIX } from '../../domain/video-key';

/**
 * The outbox in the videos' bucket, one small object per event under `.outbox/<topic>/`
 * (a reserved prefix): the event is durable in the same store as the video it announces, so an
 * upload S3 accepted can always be announced, whatever happens to Kafka or to this process.
 */
export class S3EventOutbox implements EventOutbox {
  private readonly prefix: string;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    topic: string,
  ) {
    this.prefix = `${OUTBOX_PREFIX}${topic}/`;
  }

  async keep(id: string, body: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.keyOf(id),
        Body: body,
        ContentType: 'application/json',
      }),
    );
  }

  async remove(id: string): Promise<void> {
    await this.s3.send(
      new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(id) }),
    );
  }

  async list(limit: number): Promise<OutboxRecord[]> {
    const page = await this.s3.send(
      new ListObjectsV2Command({
        Bucket: this.bucket,
        Prefix: this.prefix,
        MaxKeys: limit,
      }),
    );
    const objects = (page.Contents ?? [])
      .filter((o) => o.Key?.endsWith('.json'))
      .sort(
        (a, b) =>
          (a.LastModified?.getTime() ?? 0) - (b.LastModified?.getTime() ?? 0),
      );
    const records: OutboxRecord[] = [];
    for (const object of objects) {
      const key = object.Key as string;
      const out = await this.s3
        .send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))
        .catch((error: unknown) =>
          // Removed by another replica meanwhile: nothing left to send.
          (error as { name?: string }).name === 'NoSuchKey'
            ? undefined
            : Promise.reject(error),
        );
      if (!out?.Body) continue;
      records.push({
        id: key.slice(this.prefix.length, -'.json'.length),
        body: await out.Body.transformToString(),
        keptAt: object.LastModified ?? new Date(),
      });
    }
    return records;
  }

  private keyOf(id: string): string {
    return `${this.prefix}${encodeURIComponent(id)}.json`;
  }
}
