import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import type { DeliveryRecorder } from '../../domain/delivery-recorder.port';
import { METRIC } from './stream.metrics';

/** `video_active_streams` and `video_bytes_streamed_total`. */
@Injectable()
export class PrometheusDeliveryRecorder implements DeliveryRecorder {
  constructor(
    @InjectMetric(METRIC.bytesStreamed)
    private readonly bytesStreamed: Counter<string>,
    @InjectMetric(METRIC.activeStreams)
    private readonly activeStreams: Gauge<string>,
  ) {}

  streamOpened(): void {
    this.activeStreams.inc();
  }

  streamClosed(bytesSent: number): void {
    this.activeStreams.dec();
    this.bytesStreamed.inc(bytesSent);
  }
}
