import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { devDatabaseUrl, devS3, devUrl } from '@video-streaming/dev-stack';

/** Addresses of the stack and services: the address book tools/stack uses too (libs/dev-stack). */
export const GATEWAY = devUrl('gateway');
export const BUCKET = process.env['S3_BUCKET'] ?? 'videos';

export const s3 = new S3Client({
  endpoint: devUrl('s3'),
  region: 'us-east-1',
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  credentials: {
    accessKeyId: devS3().accessKeyId,
    secretAccessKey: devS3().secretAccessKey,
  },
});

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
