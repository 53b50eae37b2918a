import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIFECYCLE_JSON_SCHEMAS } from './lifecycle-json-schema';
import {
  parseVideoFailedEvent,
  parseVideoReadyEvent,
  parseVideoUploadedEvent,
} from './parse-lifecycle-event';
import {
  aVideoFailedEvent,
  aVideoReadyEvent,
  aVideoUploadedEvent,
} from '../testing';

const root = join(__dirname, '..', '..');
const fixtures = (name: string) =>
  readdirSync(join(root, 'fixtures', name)).map((f) =>
    join(root, 'fixtures', name, f),
  );

describe.each([
  ['video-uploaded.v1', parseVideoUploadedEvent, aVideoUploadedEvent],
  ['video-ready.v1', parseVideoReadyEvent, aVideoReadyEvent],
  ['video-failed.v1', parseVideoFailedEvent, aVideoFailedEvent],
] as const)('%s', (name, parse, build) => {
  it.each(fixtures(name))('keeps parsing the stored fixture %s', (file) => {
    expect(parse(readFileSync(file))).toMatchObject({ ok: true });
  });

  it('round-trips an event produced by this version', () => {
    const event = build();
    expect(parse(JSON.stringify(event))).toEqual({ ok: true, event });
  });

  it('ignores fields it does not know, so producers may add optional fields to v1', () => {
    expect(parse(JSON.stringify({ ...build(), addedLater: 1 })).ok).toBe(true);
  });

  it('names every invalid field', () => {
    const result = parse(
      JSON.stringify({ ...build(), eventId: 'nope', videoKey: '' }),
    );
    expect(!result.ok && result.reason).toMatch(/eventId/);
    expect(!result.ok && result.reason).toMatch(/videoKey/);
  });

  it('rejects another schema version, malformed JSON and an empty value', () => {
    expect(parse(JSON.stringify({ ...build(), schemaVersion: 2 })).ok).toBe(
      false,
    );
    expect(parse('{"eventId":')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^malformed JSON/),
    });
    expect(parse(null)).toEqual({ ok: false, reason: 'empty message value' });
  });

  it('matches the committed JSON Schema (regenerate with `npx nx run contracts:json-schema`)', () => {
    const file = `${name}.schema.json` as keyof typeof LIFECYCLE_JSON_SCHEMAS;
    const committed: unknown = JSON.parse(
      readFileSync(join(root, 'schemas', file), 'utf8'),
    );
    expect(committed).toEqual(LIFECYCLE_JSON_SCHEMAS[file]());
  });
});

describe('lifecycle rules', () => {
  it('refuses a ready event without renditions', () => {
    expect(
      parseVideoReadyEvent(JSON.stringify(aVideoReadyEvent({ renditions: [] })))
        .ok,
    ).toBe(false);
  });

  it('refuses a ladder other than early or final', () => {
    expect(
      parseVideoReadyEvent(
        JSON.stringify({ ...aVideoReadyEvent(), ladder: 'partial' }),
      ).ok,
    ).toBe(false);
  });

  it('refuses a failure code that is not UPPER_SNAKE_CASE', () => {
    const event = aVideoFailedEvent({
      reason: { code: 'not a video', message: 'x' },
    });
    expect(!parseVideoFailedEvent(JSON.stringify(event)).ok).toBe(true);
  });

  it('refuses an upload with a negative size or an unknown protocol', () => {
    expect(
      parseVideoUploadedEvent(
        JSON.stringify(aVideoUploadedEvent({ sizeBytes: -1 })),
      ).ok,
    ).toBe(false);
    expect(
      parseVideoUploadedEvent(
        JSON.stringify({ ...aVideoUploadedEvent(), uploadProtocol: 'ftp' }),
      ).ok,
    ).toBe(false);
  });

  it('refuses a NUL in a key, which PostgreSQL text cannot store', () => {
    const event = aVideoUploadedEvent({ videoKey: 'a\u0000.mp4' });
    expect(parseVideoUploadedEvent(JSON.stringify(event))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/NUL/),
    });
  });
});
