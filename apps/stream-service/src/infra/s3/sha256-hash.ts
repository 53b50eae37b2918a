import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { Checksum, SourceData } from '@smithy/types';

/** SHA-256 (or HMAC-SHA-256 with a secret) in the shape Signature V4 expects, from node:crypto. */
export class Sha256Hash implements Checksum {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }

  update(data: Uint8Array | string): void {
    this.hash.update(
      typeof data === 'string'
        ? data
        : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    );
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }

  reset(): void {
    this.hash = this.create();
  }

  private create(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    const s = this.secret;
    const key =
      typeof s === 'string'
        ? s
        : ArrayBuffer.isView(s)
          ? Buffer.from(s.buffer, s.byteOffset, s.byteLength)
          : Buffer.from(s);
    return createHmac('sha256', key);
  }
}
