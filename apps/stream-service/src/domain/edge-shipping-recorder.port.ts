/** What one round of shipping the gateway's completion log did. */
export interface ShippingRound {
  /** Completion records shipped as video-accessed events. */
  records: number;
  /** Lines skipped because they are not completion records. */
  malformed: number;
  /** Video bytes the gateway delivered, by the shipped records. */
  bytesDelivered: number;
}

/**
 * Where the completion-log shipper reports each round (ADR 0021): Prometheus and the readiness
 * details in production, a fake in tests.
 */
export interface EdgeShippingRecorder {
  shipped(round: ShippingRound): void;
  /** Kafka did not take the batch; it is retried with backoff. */
  failed(error: Error): void;
  /** Bytes of the log written and not yet shipped, after each round. */
  lagging(bytes: number): void;
}

export const EDGE_SHIPPING_RECORDER = Symbol('EDGE_SHIPPING_RECORDER');
