import { Logger } from '@nestjs/common';

/**
 * For a service consuming on the Kafka transport: Nest's shutdown hooks wait for the message or
 * batch in hand (its store, transcode or dead-letter send); with a dependency down that could
 * outlast the orchestrator's grace period and end in SIGKILL. Exiting first is safe: what was not
 * committed to Kafka is redelivered to the group and done again.
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
          `shutdown did not finish within ${deadlineMs} ms of ${signal}; exiting (work not committed to Kafka is redelivered)`,
          'Shutdown',
        );
        exit(1);
      }, deadlineMs).unref();
    });
  }
}
