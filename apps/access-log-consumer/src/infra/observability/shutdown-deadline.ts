import { Logger } from '@nestjs/common';

/**
 * Nest's shutdown hooks wait for the batch in hand, which waits for its store or dead-letter send;
 * with a dependency down that could outlast the orchestrator's grace period and end in SIGKILL.
 * Exiting first is safe: nothing past the stored rows was committed, so the batch is redelivered.
 * `signals` is the process; a spec passes its own emitter, so that no real listener hears it.
 */
export function exitAfterDeadlineOnSignal(
  deadlineMs: number,
  exit: (code: number) => void = (code) => process.exit(code),
  signals: NodeJS.EventEmitter = process,
): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    signals.once(signal, () => {
      setTimeout(() => {
        Logger.error(
          `shutdown did not finish within ${deadlineMs} ms of ${signal}; exiting (uncommitted batches are redelivered)`,
          'access-log-consumer',
        );
        exit(1);
      }, deadlineMs).unref();
    });
  }
}
