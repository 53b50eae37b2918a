import type { DeadLetter } from '@video-streaming/core';

export type {
  DeadLetter,
  MessageHeaders,
  MessageSource,
} from '@video-streaming/core';

export const DEAD_LETTER_PUBLISHER = Symbol('DEAD_LETTER_PUBLISHER');

export interface DeadLetterPublisher {
  /** Resolves only once every letter is durably stored (acks from all in-sync replicas). */
  publish(letters: readonly DeadLetter[]): Promise<void>;
}
