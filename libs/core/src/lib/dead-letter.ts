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

/**
 * A message that cannot be handled however often it is retried, with the reason, for the DLQ.
 * Framework-free, so an app's domain can declare its dead-letter port with it.
 */
export interface DeadLetter {
  key: Buffer | null;
  value: Buffer | null;
  /** Original headers, passed on so the trace context survives. */
  headers: MessageHeaders;
  reason: string;
  source: MessageSource;
}
