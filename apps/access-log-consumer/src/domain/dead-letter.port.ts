export const DEAD_LETTER_PUBLISHER = Symbol('DEAD_LETTER_PUBLISHER');

/** Where a message came from, so an operator can find (and replay) it. */
export interface MessageSource {
  topic: string;
  partition: number;
  offset: string;
}

export type MessageHeaders = Record<
  string,
  Buffer | string | (Buffer | string)[] | undefined
>;

export interface DeadLetter {
  key: Buffer | null;
  value: Buffer | null;
  /** Original headers, passed on so the trace context survives. */
  headers: MessageHeaders;
  reason: string;
  source: MessageSource;
}

export interface DeadLetterPublisher {
  /** Resolves only once every letter is durably stored (acks from all in-sync replicas). */
  publish(letters: readonly DeadLetter[]): Promise<void>;
}
