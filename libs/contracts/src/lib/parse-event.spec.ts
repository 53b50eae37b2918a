import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVideoAccessedEvent } from './parse-event';
import { videoAccessedEventV1Schema } from './video-accessed.event';
import { aVideoAccessedEvent } from '../testing';

const fixturesDir = join(
  __dirname,
  '..',
  '..',
  'fixtures',
  'video-accessed.v1',
);

describe('parseVideoAccessedEvent', () => {
  it.each(readdirSync(fixturesDir))(
    'keeps parsing the stored v1 fixture %s',
    (file) => {
      const result = parseVideoAccessedEvent(
        readFileSync(join(fixturesDir, file)),
      );
      expect(result).toMatchObject({ ok: true });
    },
  );

  it.each(readdirSync(fixturesDir))(
    'lets a consumer built before `refusal` existed read the fixture %s too',
    (file) => {
      const beforeRefusal = videoAccessedEventV1Schema.omit({ refusal: true });
      const json: unknown = JSON.parse(
        readFileSync(join(fixturesDir, file), 'utf8'),
      );
      expect(beforeRefusal.safeParse(json).success).toBe(true);
    },
  );

  it('ignores fields it does not know, so producers may add optional fields to v1', () => {
    const result = parseVideoAccessedEvent(
      JSON.stringify({
        ...aVideoAccessedEvent(),
        addedLater: { anything: true },
      }),
    );
    expect(result.ok).toBe(true);
  });

  it.each([
    ['a lower-case reason', { reason: 'not_found' }],
    ['an empty reason', { reason: '' }],
    [
      'a requested name with NUL',
      { reason: 'INVALID_VIDEO_KEY', requestedName: 'a\u0000' },
    ],
    [
      'a requested name over 1024 chars',
      { reason: 'INVALID_VIDEO_KEY', requestedName: 'x'.repeat(1025) },
    ],
  ])('rejects a refusal with %s', (_case, refusal) => {
    const result = parseVideoAccessedEvent(
      JSON.stringify(aVideoAccessedEvent({ refusal } as never)),
    );
    expect(!result.ok && result.reason).toMatch(/refusal/);
  });

  it('lets a consumer built before `sessionId` existed read the fixtures too', () => {
    const beforeSession = videoAccessedEventV1Schema.omit({ sessionId: true });
    for (const file of readdirSync(fixturesDir)) {
      const json: unknown = JSON.parse(
        readFileSync(join(fixturesDir, file), 'utf8'),
      );
      expect([file, beforeSession.safeParse(json).success]).toEqual([
        file,
        true,
      ]);
    }
  });

  it.each([
    ['an empty session id', ''],
    ['a session id with a space', 'a b'],
    ['a session id over 128 chars', 's'.repeat(129)],
  ])('rejects %s', (_case, sessionId) => {
    const result = parseVideoAccessedEvent(
      JSON.stringify(aVideoAccessedEvent({ sessionId })),
    );
    expect(!result.ok && result.reason).toMatch(/sessionId/);
  });

  it('round-trips an event produced by this version', () => {
    const event = aVideoAccessedEvent();
    expect(parseVideoAccessedEvent(JSON.stringify(event))).toEqual({
      ok: true,
      event,
    });
  });

  it('rejects malformed JSON with the parser message', () => {
    const result = parseVideoAccessedEvent('{"eventId":');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^malformed JSON/);
  });

  it('rejects an empty value', () => {
    expect(parseVideoAccessedEvent(null)).toEqual({
      ok: false,
      reason: 'empty message value',
    });
  });

  it('names every invalid field', () => {
    const bad = { ...aVideoAccessedEvent(), eventId: 'not-a-uuid', userId: '' };
    const result = parseVideoAccessedEvent(JSON.stringify(bad));
    expect(!result.ok && result.reason).toMatch(/eventId/);
    expect(!result.ok && result.reason).toMatch(/userId/);
  });

  it('rejects an unknown schema version', () => {
    const result = parseVideoAccessedEvent(
      JSON.stringify({ ...aVideoAccessedEvent(), schemaVersion: 2 }),
    );
    expect(!result.ok && result.reason).toMatch(/schemaVersion/);
  });

  it('rejects a NUL character, which PostgreSQL text cannot store', () => {
    const result = parseVideoAccessedEvent(
      JSON.stringify(aVideoAccessedEvent({ videoKey: 'video.mp4\u0000.txt' })),
    );
    expect(!result.ok && result.reason).toMatch(
      /videoKey: must not contain NUL/,
    );
  });

  it.each(['0000-01-01T00:00:00Z', '1969-12-31T23:59:59Z'])(
    'rejects occurredAt %s, which cannot be stored',
    (occurredAt) => {
      const result = parseVideoAccessedEvent(
        JSON.stringify(aVideoAccessedEvent({ occurredAt })),
      );
      expect(!result.ok && result.reason).toMatch(/occurredAt/);
    },
  );

  it('rejects an outcome outside completed/aborted/failed', () => {
    const event = aVideoAccessedEvent();
    const bad = { ...event, request: { ...event.request, outcome: 'paused' } };
    expect(parseVideoAccessedEvent(JSON.stringify(bad)).ok).toBe(false);
  });
});
