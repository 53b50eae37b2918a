import { aVideoAccessedEvent } from '@video-streaming/contracts/testing';
import { toAccessLogEntry } from './access-log';

describe('toAccessLogEntry', () => {
  it('keeps what the query API answers and the trace id of the emitting request', () => {
    const event = aVideoAccessedEvent({ trace: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    expect(toAccessLogEntry(event)).toEqual({
      eventId: event.eventId,
      occurredAt: new Date(event.occurredAt),
      userId: 'user-123',
      videoKey: 'video-test.mp4',
      method: 'GET',
      range: 'bytes=0-1023',
      status: 206,
      bytesSent: 1024,
      durationMs: 12.5,
      outcome: 'completed',
      userAgent: 'jest',
      clientIp: '127.0.0.0',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
  });

  it('stores no trace id when the traceparent is absent or malformed', () => {
    expect(toAccessLogEntry(aVideoAccessedEvent({ trace: { traceparent: 'nonsense' } })).traceId).toBeNull();
  });
});
