import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  devDatabaseUrl,
  devKafkaBrokers,
  REPO_ROOT,
  waitFor,
} from '@video-streaming/dev-stack';

export const DATABASE_URL =
  process.env['ACCESS_LOG_DATABASE_URL'] ?? devDatabaseUrl('access_log');
export const KAFKA_BROKERS = devKafkaBrokers();

/** Fault tests stop and start real components with the stack launcher (always restart in finally). */
export async function stack(
  action: 'stop' | 'start',
  component: 'postgres' | 'kafka',
): Promise<void> {
  // Asynchronous, so the test keeps producing events while the component goes down.
  await promisify(execFile)(
    process.execPath,
    ['tools/stack/stack.mjs', action, component],
    { cwd: REPO_ROOT, timeout: 180_000 },
  );
}

/** Shared with every app's test helpers (libs/dev-stack). */
export { waitFor };
