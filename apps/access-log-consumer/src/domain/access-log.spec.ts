import { aVideoAccessedEvent } from '@video-streaming/contracts/testing';
import { toAccessLogEntry, unstorableReason } from './access-log';

describe('toAccessLogEntry', () => {
  it('keeps what the query API answers and the trace id of the emitting request', () => {
    const event = aVideoAccessedEvent({
      trace: {
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      },
    });
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
      refusalReason: null,
      requestedName: null,
      requestedNameTruncated: null,
      sessionId: null,
    });
  });

  it('keeps the playback session id when the producer sent one', () => {
    expect(
      toAccessLogEntry(aVideoAccessedEvent({ sessionId: 'ps_3f9a2c7e' })),
    ).toMatchObject({ sessionId: 'ps_3f9a2c7e' });
  });

  it('keeps the reason and the escaped name of a refused request', () => {
    const event = aVideoAccessedEvent({
      videoKey: '/invalid-filename',
      refusal: {
        reason: 'INVALID_VIDEO_KEY',
        requestedName: '..%2Fsecret%E2%80%AE.mp4',
        requestedNameTruncated: false,
      },
    });
    expect(toAccessLogEntry(event)).toMatchObject({
      videoKey: '/invalid-filename',
      refusalReason: 'INVALID_VIDEO_KEY',
      requestedName: '..%2Fsecret%E2%80%AE.mp4',
      requestedNameTruncated: false,
    });
    expect(
      toAccessLogEntry(
        aVideoAccessedEvent({ refusal: { reason: 'UNAUTHENTICATED' } }),
      ),
    ).toMatchObject({
      refusalReason: 'UNAUTHENTICATED',
      requestedName: null,
      requestedNameTruncated: null,
    });
  });

  it('stores no trace id when the traceparent is absent or malformed', () => {
    expect(
      toAccessLogEntry(
        aVideoAccessedEvent({ trace: { traceparent: 'nonsense' } }),
      ).traceId,
    ).toBeNull();
  });
});

describe('unstorableReason', () => {
  const at = (occurredAt: string) =>
    toAccessLogEntry(aVideoAccessedEvent({ occurredAt }));
  const now = Date.parse('2026-11-28T00:00:00Z');

  it('accepts an access from the past and one slightly ahead of our clock', () => {
    expect(unstorableReason(at('2026-11-01T10:00:00Z'), now)).toBeUndefined();
    expect(
      unstorableReason(at('2026-11-28T06:00:00+01:00'), now),
    ).toBeUndefined();
  });

  it.each([
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59-14:00',
    '1969-12-31T23:59:59Z',
    '2026-11-30T00:00:00Z',
  ])(
    'refuses %s, which PostgreSQL cannot store or no access can have',
    (occurredAt) =>
      expect(unstorableReason(at(occurredAt), now)).toMatch(
        /^out of range: occurredAt/,
      ),
  );
});
