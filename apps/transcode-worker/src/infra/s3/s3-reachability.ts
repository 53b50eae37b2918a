import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type WorkerConfig } from '../../config';
import { S3_CLIENT } from './s3-client.factory';

const CACHE_MS = 1_000;
const TIMEOUT_MS = 2_000;

/** HeadBucket, for readiness: the bucket answers with these credentials, now. */
@Injectable()
export class S3Reachability {
  private last:
    | { at: number; result: { reachable: boolean; error?: string } }
    | undefined;

  constructor(
    @Inject(S3_CLIENT) private readonly s3: S3Client,
    @Inject(APP_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async check(): Promise<{ reachable: boolean; error?: string }> {
    if (this.last && Date.now() - this.last.at < CACHE_MS)
      return this.last.result;
    let result: { reachable: boolean; error?: string };
    try {
      await this.s3.send(
        new HeadBucketCommand({ Bucket: this.config.S3_BUCKET }),
        {
          abortSignal: AbortSignal.timeout(TIMEOUT_MS),
        },
      );
      result = { reachable: true };
    } catch (error) {
      const e = error as Error & { $metadata?: { httpStatusCode?: number } };
      const status = e.$metadata?.httpStatusCode;
      result = {
        reachable: false,
        error: `bucket ${this.config.S3_BUCKET}: ${status ? `HTTP ${status}` : e.message || e.name}`,
      };
    }
    this.last = { at: Date.now(), result };
    return result;
  }
}
