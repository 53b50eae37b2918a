import {
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { s3ClientConfig } from '@video-streaming/s3';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamConfig } from '../config';

/** A plain S3 client on the stack, for arranging objects a test needs. */
export function fixtureS3(config: StreamConfig) {
  const s3 = new S3Client(s3ClientConfig(config));
  return {
    put: (key: string, body: Buffer, contentType?: string) =>
      s3.send(
        new PutObjectCommand({
          Bucket: config.S3_BUCKET,
          Key: key,
          Body: body,
          ContentType: contentType,
        }),
      ),
    /** The object's user metadata and ETag, or undefined when it is gone. */
    head: (key: string) =>
      s3
        .send(new HeadObjectCommand({ Bucket: config.S3_BUCKET, Key: key }))
        .then(
          (out) => ({ etag: out.ETag, metadata: out.Metadata ?? {} }),
          () => undefined,
        ),
    remove: (key: string) =>
      s3.send(new DeleteObjectCommand({ Bucket: config.S3_BUCKET, Key: key })),
    destroy: () => s3.destroy(),
  };
}

/** A buffer that starts like an MP4 (ftyp box) followed by `size` bytes of a recognisable pattern. */
export function anMp4Like(size: number): Buffer {
  const body = Buffer.alloc(size);
  for (let i = 0; i + 4 <= size; i += 4) body.writeUInt32BE(i >>> 0, i);
  Buffer.from([
    0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d,
  ]).copy(body, 0);
  return body;
}

/** Sockets of this process connected to the given remote port (Linux /proc). */
export function openSocketsTo(port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(
        readlinkSync(join('/proc/self/fd', fd)),
      );
      if (m) inodes.add(m[1]);
    } catch {
      // fd closed while listing
    }
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[] = [];
    try {
      lines = readFileSync(table, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const remotePort = cols[2].split(':')[1];
      // 01 = ESTABLISHED
      if (remotePort === hexPort && cols[3] === '01' && inodes.has(cols[9]))
        count++;
    }
  }
  return count;
}
