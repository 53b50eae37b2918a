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
 * What a handler receives: the record as the broker holds it. Decoding (and validating) the value
 * is the handler's job, with the contract's own parser, so a bad record can be dead-lettered.
 */
export interface InboundMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: MessageHeaders;
  /** Broker timestamp, milliseconds since the epoch, as kafkajs gives it. */
  timestamp: string;
  source: MessageSource;
}

/** A message that cannot be handled however often it is retried, with the reason, for the DLQ. */
export interface DeadLetter {
  key: Buffer | null;
  value: Buffer | null;
  /** Original headers, passed on so the trace context survives. */
  headers: MessageHeaders;
  reason: string;
  source: MessageSource;
}
