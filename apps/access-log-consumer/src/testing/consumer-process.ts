import { AppProcess, ensureBuilt } from '@video-streaming/dev-stack';

const APP = 'access-log-consumer';

/** Builds dist/apps/access-log-consumer when a source is newer (with the Prisma client it needs). */
export const ensureConsumerBuilt = () => ensureBuilt(APP);

/**
 * The built consumer as a real process (what production runs, and what SIGKILL can hit), once
 * /health/ready says it joined its group.
 */
export const startConsumer = (env: Record<string, string>) =>
  AppProcess.start(APP, env);
