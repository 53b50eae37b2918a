import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { devDatabaseUrl, devS3, devUrl } from '@video-streaming/dev-stack';
import { s3ClientConfig } from '@video-streaming/s3';

/** Addresses of the stack and services: the address book tools/stack uses too (libs/dev-stack). */
export const GATEWAY = devUrl('gateway');
export const BUCKET = process.env['S3_BUCKET'] ?? 'videos';

const { endpoint, accessKeyId, secretAccessKey } = devS3();
export const s3 = new S3Client(
  s3ClientConfig({
    S3_ENDPOINT: endpoint,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: accessKeyId,
    S3_SECRET_ACCESS_KEY: secretAccessKey,
  }),
);

export async function objectBytes(key: string): Promise<Buffer> {
  const object = await s3.send(
    new GetObjectCommand({ Bucket: BUCKET, Key: key }),
  );
  return Buffer.from(await object.Body!.transformToByteArray());
}

export const sha256 = (data: Buffer) =>
  createHash('sha256').update(data).digest('hex');

export async function withDatabase<T>(
  fn: (db: Client) => Promise<T>,
): Promise<T> {
  const db = new Client({
    connectionString: devDatabaseUrl(undefined, {}),
  });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/** Polls until `check` returns a value or the time is up; the last value is returned either way. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}
