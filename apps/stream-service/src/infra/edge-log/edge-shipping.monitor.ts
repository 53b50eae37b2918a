import { Inject, Injectable } from '@nestjs/common';
import type {
  ReadinessCheck,
  ReadinessReport,
} from '@video-streaming/platform';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import { APP_CONFIG, type StreamConfig } from '../../config';
import type {
  EdgeShippingRecorder,
  ShippingRound,
} from '../../domain/edge-shipping-recorder.port';
import { isoOf } from '../health/readiness-probes';
import { METRIC } from '../observability/stream.metrics';

/**
 * The completion-log shipper's rounds, as Prometheus metrics and as `edge-log` in
 * `/health/ready`. Reported, never making the service unready: the gateway keeps serving videos
 * and the log keeps what is not shipped yet (ADR 0021). The details say how far behind it is, how
 * many rounds failed in a row and why, and `message` says so when no round ended for a long time
 * (a stuck shipper rather than a Kafka outage, which fails rounds within seconds).
 */
@Injectable()
export class EdgeShippingMonitor
  implements EdgeShippingRecorder, ReadinessCheck
{
  readonly name = 'edge-log';
  private lastRoundAt = Date.now();
  private lastShippedAt: number | undefined;
  private failuresInARow = 0;
  private lastError: string | undefined;
  private lagBytes = 0;
  private readonly stuckAfterMs: number;

  constructor(
    @Inject(APP_CONFIG) config: StreamConfig,
    @InjectMetric(METRIC.edgeRecordsShipped)
    private readonly recordsShipped: Counter<string>,
    @InjectMetric(METRIC.edgeRecordsMalformed)
    private readonly recordsMalformed: Counter<string>,
    @InjectMetric(METRIC.edgeShipFailures)
    private readonly shipFailures: Counter<string>,
    @InjectMetric(METRIC.edgeLogLag) private readonly lag: Gauge<string>,
    @InjectMetric(METRIC.bytesStreamed)
    private readonly bytesStreamed: Counter<string>,
  ) {
    this.stuckAfterMs = Math.max(60_000, 10 * config.EDGE_LOG_POLL_MS);
  }

  shipped(round: ShippingRound): void {
    this.recordsShipped.inc(round.records);
    this.recordsMalformed.inc(round.malformed);
    this.bytesStreamed.inc(round.bytesDelivered);
    this.lastRoundAt = this.lastShippedAt = Date.now();
    this.failuresInARow = 0;
    this.lastError = undefined;
  }

  failed(error: Error): void {
    this.shipFailures.inc();
    this.lastRoundAt = Date.now();
    this.failuresInARow++;
    this.lastError = error.message;
  }

  lagging(bytes: number): void {
    this.lag.set(bytes);
    this.lagBytes = bytes;
  }

  check(now = Date.now()): ReadinessReport {
    const idleMs = now - this.lastRoundAt;
    return {
      up: true,
      ...(idleMs > this.stuckAfterMs
        ? { message: `no shipping round for ${Math.round(idleMs / 1000)} s` }
        : {}),
      details: {
        lagBytes: this.lagBytes,
        lastShippedAt: isoOf(this.lastShippedAt),
        failedRoundsInARow: this.failuresInARow,
        ...(this.lastError ? { lastError: this.lastError } : {}),
      },
    };
  }
}
