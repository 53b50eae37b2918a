import { Injectable } from '@nestjs/common';
import type {
  ReadinessCheck,
  ReadinessReport,
} from '@video-streaming/platform';
import { isoOf, ReadinessProbes } from '../health/readiness-probes';

/**
 * `s3`: not ready without the bucket, no video can be served. Read from the last background
 * measurement (ReadinessProbes): no network I/O in the request, however slow S3 is.
 */
@Injectable()
export class S3Readiness implements ReadinessCheck {
  readonly name = 's3';
  constructor(private readonly probes: ReadinessProbes) {}

  check(): ReadinessReport {
    const s3 = this.probes.storage;
    return {
      up: s3.up,
      ...(s3.up ? {} : { message: s3.message ?? 'S3 bucket not reachable' }),
      details: { checkedAt: isoOf(s3.at) },
    };
  }
}
