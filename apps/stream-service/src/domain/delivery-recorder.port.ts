/**
 * Where video delivery is reported (Prometheus in production, a fake in tests): the streams in
 * progress and the bytes clients really got, whether this service or the edge gateway sent them.
 */
export interface DeliveryRecorder {
  /** A video response started. */
  streamOpened(): void;
  /** It ended having written `bytesSent` to the client (0 when the edge gateway sends them). */
  streamClosed(bytesSent: number): void;
}

export const DELIVERY_RECORDER = Symbol('DELIVERY_RECORDER');
