import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FactoryProvider } from '@nestjs/common';
import {
  ReachabilityReadiness,
  type Reachability,
} from '@video-streaming/platform';
import { S3_CLIENT } from './s3-client';

/**
 * HeadBucket, for readiness: the bucket answers with these credentials, now. Results are reused
 * for `cacheMs` so frequent probes do not load S3; a request past `timeoutMs` is aborted.
 */
export class S3Reachability {
  private last: { at: number; result: Reachability } | undefined;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly timeoutMs = 2_000,
    private readonly cacheMs = 1_000,
  ) {}

  async check(): Promise<Reachability> {
    if (this.last && Date.now() - this.last.at < this.cacheMs)
      return this.last.result;
    let result: Reachability;
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }), {
        abortSignal: AbortSignal.timeout(this.timeoutMs),
      });
      result = { reachable: true };
    } catch (error) {
      const e = error as Error & { $metadata?: { httpStatusCode?: number } };
      const status = e.$metadata?.httpStatusCode;
      result = {
        reachable: false,
        error: `bucket ${this.bucket}: ${status ? `HTTP ${status}` : e.message || e.name}`,
      };
    }
    this.last = { at: Date.now(), result };
    return result;
  }
}

export const S3_READINESS = Symbol('S3_READINESS');

/**
 * `s3` in `/health/ready`: down while the bucket does not answer HeadBucket, with the status or
 * error. Needs `S3_CLIENT` provided; list `S3_READINESS` in `readinessChecks(...)`.
 */
export const s3Readiness = (
  bucket: string,
): FactoryProvider<ReachabilityReadiness> => ({
  provide: S3_READINESS,
  useFactory: (client: S3Client) =>
    new ReachabilityReadiness('s3', new S3Reachability(client, bucket)),
  inject: [S3_CLIENT],
});
