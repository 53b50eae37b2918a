import { parseVideoAccessedEvent } from '@video-streaming/contracts';
import { accessOfCompletion, encodeEdgeAccess } from './edge-access';
import { toEvent } from './record-video-access.use-case';

const context = {
  userId: 'user-1',
  filename: 'video-test.mp4',
  method: 'GET' as const,
  range: 'bytes=0-99',
  userAgent: 'player/1.0',
  ip: '203.0.113.7',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  tracestate: 'vendor=1',
};
const record = (over: Record<string, unknown> = {}) => ({
  id: '6f1c1c1e-8a4b-4a53-9a55-0b8f2f5d1c11',
  time: '2026-12-01T22:50:58+00:00',
  status: 206,
  bytesSent: 100,
  completion: 'OK',
  requestTimeSeconds: 0.012,
  context: encodeEdgeAccess(context),
  ...over,
});

describe('an edge access, from the redirect to the event', () => {
  it('carries user, video, range, client and trace context through the gateway record', () => {
    const access = accessOfCompletion(record());
    const event = toEvent(access, {
      eventId: record().id,
      occurredAt: new Date(record().time).toISOString(),
    });
    const parsed = parseVideoAccessedEvent(JSON.stringify(event));
    expect(parsed.ok).toBe(true);
    expect(event).toMatchObject({
      eventId: record().id,
      occurredAt: '2026-12-01T22:50:58.000Z',
      userId: 'user-1',
      videoKey: 'video-test.mp4',
      request: {
        range: 'bytes=0-99',
        status: 206,
        bytesSent: 100,
        durationMs: 12,
        outcome: 'completed',
      },
      client: { userAgent: 'player/1.0', ipAnonymised: '203.0.113.0' },
      trace: { traceparent: context.traceparent, tracestate: 'vendor=1' },
    });
  });

  it.each([
    [{ completion: '', bytesSent: 8192, status: 200 }, 'aborted'],
    [{ completion: 'OK', status: 502 }, 'failed'],
    [{ completion: '', status: 504 }, 'failed'],
    [{ completion: 'OK', status: 200 }, 'completed'],
  ])('maps %o to %s', (over, outcome) => {
    expect(accessOfCompletion(record(over)).outcome).toBe(outcome);
  });

  it('keeps the encoded context bounded whatever the client sends', () => {
    const huge = encodeEdgeAccess({
      ...context,
      userAgent: 'u'.repeat(100_000),
      tracestate: 't'.repeat(100_000),
    });
    expect(huge.length).toBeLessThan(4096);
  });
});
