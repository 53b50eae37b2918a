import {
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';

export const JOBS_TOTAL = 'transcode_jobs_total';
export const JOB_SECONDS = 'transcode_job_duration_seconds';
export const JOBS_IN_PROGRESS = 'transcode_jobs_in_progress';
export const PROGRESS_RATIO = 'transcode_progress_ratio';
export const EARLY_PLAYABLE_SECONDS = 'transcode_early_playable_seconds';

/** Registered on the global MetricsModule's registry, served at /metrics. */
export const transcodeMetricProviders = [
  makeCounterProvider({
    name: JOBS_TOTAL,
    help: 'Transcode jobs finished, by outcome (ready, failed, skipped = redelivery of a finished job, cancelled, error = retried)',
    labelNames: ['outcome'],
  }),
  makeHistogramProvider({
    name: JOB_SECONDS,
    help: 'Duration of one transcode job from its message to its last publication, by outcome',
    labelNames: ['outcome'],
    buckets: [1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600],
  }),
  makeGaugeProvider({
    name: JOBS_IN_PROGRESS,
    help: 'Transcode jobs running in this process now',
  }),
  makeGaugeProvider({
    name: PROGRESS_RATIO,
    help: 'Fraction (0..1) of the running ffmpeg step done, from ffmpeg -progress, by phase (early, ladder)',
    labelNames: ['phase'],
  }),
  makeHistogramProvider({
    name: EARLY_PLAYABLE_SECONDS,
    help: 'Seconds from the start of a job to its early (remuxed) rendition being published',
    buckets: [0.5, 1, 2, 3, 5, 7.5, 10, 15, 30, 60],
  }),
];
