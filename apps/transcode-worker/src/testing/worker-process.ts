import { AppProcess, ensureBuilt } from '@video-streaming/dev-stack';

const APP = 'transcode-worker';

/** Builds dist/apps/transcode-worker when a source is newer (libraries bundled from source). */
export const ensureWorkerBuilt = () =>
  ensureBuilt(APP, { excludeTaskDependencies: true });

/** The built worker as a real process (what production runs, and what SIGTERM can hit), ready. */
export const startWorker = (env: Record<string, string>) =>
  AppProcess.start(APP, env, { logLevel: 'info', readyTimeoutMs: 90_000 });

/** The worker's environment on a test run's private topics, HLS prefix and scratch folder. */
export const privateWorkerEnv = (p: {
  run: string;
  topics: { uploaded: string; ready: string; failed: string };
  prefix: string;
  workDir: string;
  preset: string;
}) => ({
  VIDEO_UPLOADED_TOPIC: p.topics.uploaded,
  VIDEO_READY_TOPIC: p.topics.ready,
  VIDEO_FAILED_TOPIC: p.topics.failed,
  TRANSCODER_GROUP_ID: `it-transcoder-${p.run}`,
  HLS_PREFIX: p.prefix,
  TRANSCODE_WORK_DIR: p.workDir,
  TRANSCODE_PRESET: p.preset,
});
