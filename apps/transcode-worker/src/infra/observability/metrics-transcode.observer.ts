import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import type {
  JobOutcome,
  TranscodeObserver,
  TranscodePhase,
} from '../../domain/transcode-observer.port';
import {
  EARLY_PLAYABLE_SECONDS,
  JOBS_IN_PROGRESS,
  JOBS_TOTAL,
  JOB_SECONDS,
  PROGRESS_RATIO,
} from './transcode.metrics';

/** Progress as log lines (every step, every tenth of an encode) and as Prometheus series. */
@Injectable()
export class MetricsTranscodeObserver implements TranscodeObserver {
  private readonly logger = new Logger('transcode');
  private readonly lastTenth = new Map<string, number>();
  private readonly started = new Set<string>();

  constructor(
    @InjectMetric(JOBS_TOTAL) private readonly jobs: Counter<string>,
    @InjectMetric(JOB_SECONDS) private readonly seconds: Histogram<string>,
    @InjectMetric(JOBS_IN_PROGRESS) private readonly running: Gauge<string>,
    @InjectMetric(PROGRESS_RATIO) private readonly ratio: Gauge<string>,
    @InjectMetric(EARLY_PLAYABLE_SECONDS)
    private readonly early: Histogram<string>,
  ) {}

  phase(key: string, phase: TranscodePhase): void {
    if (phase === 'download' && !this.started.has(key)) {
      this.started.add(key);
      this.running.inc();
    }
    this.logger.log({ video: key, phase }, `${phase}: ${key}`);
  }

  progress(key: string, phase: TranscodePhase, fraction: number): void {
    this.ratio.set({ phase }, fraction);
    const tenth = Math.floor(fraction * 10);
    const id = `${key}\u0000${phase}`;
    if (tenth === this.lastTenth.get(id)) return;
    this.lastTenth.set(id, tenth);
    this.logger.log(
      { video: key, phase, progress: Math.round(fraction * 100) },
      `${phase} ${Math.round(fraction * 100)}%: ${key}`,
    );
  }

  earlyPlayable(key: string, secondsSinceStart: number): void {
    this.early.observe(secondsSinceStart);
    this.logger.log(
      { video: key, seconds: secondsSinceStart },
      `early rendition playable after ${secondsSinceStart.toFixed(1)} s: ${key}`,
    );
  }

  finished(key: string, outcome: JobOutcome, seconds: number): void {
    this.jobs.inc({ outcome });
    this.seconds.observe({ outcome }, seconds);
    for (const id of this.lastTenth.keys())
      if (id.startsWith(`${key}\u0000`)) this.lastTenth.delete(id);
    // Only jobs that got as far as their download were counted in (not skips, not missing sources).
    if (this.started.delete(key)) this.running.dec();
    // No job running, no step in progress: the gauge must not keep the last job's value.
    if (this.started.size === 0) this.ratio.reset();
    this.logger.log(
      { video: key, outcome, seconds },
      `${outcome} after ${seconds.toFixed(1)} s: ${key}`,
    );
  }
}
