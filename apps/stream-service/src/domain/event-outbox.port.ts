/** One event kept until Kafka acknowledged it: its id, its serialized body, when it was kept. */
export interface OutboxRecord {
  id: string;
  body: string;
  keptAt: Date;
}

/**
 * Durable storage of events that must not be lost between an accepted upload and Kafka's
 * acknowledgement (ADR 0030): kept before the first send, removed once acknowledged, and
 * republished from here by any replica, at start and periodically.
 */
export interface EventOutbox {
  keep(id: string, body: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Up to `limit` kept records, oldest first. */
  list(limit: number): Promise<OutboxRecord[]>;
}
export const VIDEO_UPLOADED_OUTBOX = Symbol('VIDEO_UPLOADED_OUTBOX');
