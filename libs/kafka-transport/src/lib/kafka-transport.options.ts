import type { DeadLetter, MessageSource } from './kafka-message';

export const KAFKA_TRANSPORT_OPTIONS = Symbol('KAFKA_TRANSPORT_OPTIONS');

/** Extras of `@EventPattern(topic, extras)` that this transport reads. */
export interface KafkaHandlerExtras {
  /** The handler receives every message of a partition's fetch at once (`InboundMessage[]`). */
  batch?: boolean;
  /** Name of the consumer span recorded per message; default `<topic> process`. */
  spanName?: string;
}

export interface RetryEvent {
  source: MessageSource;
  /** Offsets of the messages the failed attempt covered. */
  firstOffset: string;
  lastOffset: string;
  attempt: number;
  error: unknown;
  delayMs: number;
}

/** Callbacks for the app's own metrics; none of them may throw. */
export interface KafkaTransportHooks {
  onRetry?(event: RetryEvent): void;
  /** A letter is durably in its dead-letter topic; `truncated` when it had to be cut to fit. */
  onDeadLettered?(letter: DeadLetter, truncated: boolean): void;
  /** The broker refused even the letter's bare headers: it is logged with its source and dropped. */
  onDeadLetterDropped?(letter: DeadLetter, error: unknown): void;
}

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  groupId: string;
  /**
   * Topic actually consumed for a pattern: `{ 'video-accessed': 'it-video-accessed-1234' }`.
   * A pattern without an entry is consumed as the topic of its own name.
   */
  topics?: Record<string, string>;
  /** Dead-letter topic of a consumed topic; default `<topic>.dlq`. */
  deadLetterTopic?: (sourceTopic: string) => string;
  /** Start a new group at the beginning of the topic (default) or at its end. */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  consumer?: {
    sessionTimeout?: number;
    /** Also the longest wait between two heartbeats while a handler works or retries. */
    heartbeatInterval?: number;
    minBytes?: number;
    maxBytes?: number;
    maxBytesPerPartition?: number;
    maxWaitTimeInMs?: number;
    /** Out of the group this long (never joined, or left and not back): reconnect. Default 45 s. */
    rejoinTimeoutMs?: number;
  };
  /** Backoff (exponential, full jitter) between attempts at a message or batch that failed. */
  retry?: { initialMs?: number; maxMs?: number };
  /**
   * Dead letters go in sends of at most this many messages and estimated bytes (below the
   * broker's message.max.bytes, default 1,048,588); a single bigger letter is truncated to fit.
   */
  deadLetterSends?: { maxMessages?: number; maxBytes?: number };
  hooks?: KafkaTransportHooks;
}

export const DEFAULTS = {
  partitionsConsumedConcurrently: 1,
  sessionTimeout: 30_000,
  heartbeatInterval: 3_000,
  rejoinTimeoutMs: 45_000,
  retryInitialMs: 200,
  retryMaxMs: 5_000,
  deadLetterMaxMessages: 500,
  deadLetterMaxBytes: 900_000,
} as const;

export const defaultDeadLetterTopic = (topic: string) => `${topic}.dlq`;
