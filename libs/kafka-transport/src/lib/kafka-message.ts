import type { MessageHeaders, MessageSource } from '@video-streaming/core';

export type {
  DeadLetter,
  MessageHeaders,
  MessageSource,
} from '@video-streaming/core';

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
