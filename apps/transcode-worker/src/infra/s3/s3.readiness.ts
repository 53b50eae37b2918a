import { Injectable } from '@nestjs/common';
import type {
  ReadinessCheck,
  ReadinessReport,
} from '@video-streaming/platform';
import { S3Reachability } from './s3-reachability';

/** The bucket answers HeadBucket with the worker's credentials. */
@Injectable()
export class S3Readiness implements ReadinessCheck {
  readonly name = 's3';
  constructor(private readonly s3: S3Reachability) {}

  async check(): Promise<ReadinessReport> {
    const result = await this.s3.check();
    return result.reachable
      ? { up: true }
      : { up: false, message: result.error };
  }
}
