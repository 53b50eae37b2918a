import { AppProcess, ensureBuilt } from '@video-streaming/dev-stack';

const APP = 'transcode-worker';

/** Builds dist/apps/transcode-worker when a source is newer (libraries bundled from source). */
export const ensureWorkerBuilt = () =>
  ensureBuilt(APP, { excludeTaskDependencies: true });

/** The built worker as a real process (what production runs, and what SIGTERM can hit), ready. */
export const startWorker = (env: Record<string, string>) =>
  AppProcess.start(APP, env, { logLevel: 'info', readyTimeoutMs: 90_000 });
