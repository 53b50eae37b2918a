import { Logger } from '@nestjs/common';

/**
 * A shutdown that outlasts the orchestrator's grace period would end in SIGKILL anyway; exiting
 * first is safe: the job in hand was not committed, so its message is redelivered and redone.
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
          `shutdown did not finish within ${deadlineMs} ms of ${signal}; exiting (the job in hand is redelivered)`,
          'transcode-worker',
        );
        exit(1);
      }, deadlineMs).unref();
    });
  }
}
