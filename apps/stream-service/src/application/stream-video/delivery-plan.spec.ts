import type { VideoMetadata } from '../../domain/object-storage.port';
import { planDelivery } from './delivery-plan';

const video: VideoMetadata = {
  key: 'v.mp4',
  size: 1000,
  etag: '"abc"',
  lastModified: new Date('2026-01-01T10:00:00Z'),
  contentType: 'video/mp4',
  owner: undefined,
};
const lastModified = video.lastModified.toUTCString();

describe('planDelivery (RFC 9110)', () => {
  it.each([
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=900-', { start: 900, end: 999 }],
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=990-5000', { start: 990, end: 999 }],
    ['bytes=0-10,5-20', { start: 0, end: 20 }],
    ['bytes=-4000000', { start: 0, end: 999 }],
    ['bytes=0-', { start: 0, end: 999 }],
  ])('serves %s as one partial range', (range, expected) => {
    expect(planDelivery(video, { method: 'GET', range })).toEqual({
      kind: 'partial',
      range: expected,
    });
  });

  it.each(['bytes=1000-', 'bytes=5000-6000', 'bytes=-0'])(
    'refuses %s as not satisfiable',
    (range) => {
      expect(planDelivery(video, { method: 'GET', range })).toEqual({
        kind: 'range-not-satisfiable',
      });
    },
  );

  it.each([
    'bytes=',
    'bytes=x-y',
    'pages=1-2',
    'items=0-1',
    'bytes=0-10,500-600',
    'bytes=5-1',
  ])('ignores %s and serves everything', (range) => {
    expect(planDelivery(video, { method: 'GET', range })).toEqual({
      kind: 'full',
    });
  });

  it('ignores Range on HEAD, where range handling is not defined', () => {
    expect(planDelivery(video, { method: 'HEAD', range: 'bytes=0-1' })).toEqual(
      { kind: 'full' },
    );
  });

  it.each([['"abc"'], ['W/"abc"'], ['"x", "abc"'], ['*']])(
    'answers 304 to If-None-Match %s',
    (ifNoneMatch) => {
      expect(planDelivery(video, { method: 'GET', ifNoneMatch })).toEqual({
        kind: 'not-modified',
      });
    },
  );

  it('answers 304 to If-Modified-Since at or after the last modification, unless If-None-Match disagrees', () => {
    expect(
      planDelivery(video, { method: 'GET', ifModifiedSince: lastModified }),
    ).toEqual({ kind: 'not-modified' });
    expect(
      planDelivery(video, {
        method: 'GET',
        ifModifiedSince: 'Wed, 31 Dec 2025 10:00:00 GMT',
      }),
    ).toEqual({ kind: 'full' });
    expect(
      planDelivery(video, {
        method: 'GET',
        ifModifiedSince: lastModified,
        ifNoneMatch: '"old"',
      }),
    ).toEqual({ kind: 'full' });
    expect(
      planDelivery(video, { method: 'GET', ifModifiedSince: 'garbage' }),
    ).toEqual({ kind: 'full' });
  });

  it('applies the range only when If-Range still matches (strong ETag or exact date)', () => {
    const range = 'bytes=0-9';
    expect(
      planDelivery(video, { method: 'GET', range, ifRange: '"abc"' }).kind,
    ).toBe('partial');
    expect(
      planDelivery(video, { method: 'GET', range, ifRange: lastModified }).kind,
    ).toBe('partial');
    expect(
      planDelivery(video, { method: 'GET', range, ifRange: '"changed"' }).kind,
    ).toBe('full');
    expect(
      planDelivery(video, { method: 'GET', range, ifRange: 'W/"abc"' }).kind,
    ).toBe('full');
    expect(
      planDelivery(video, {
        method: 'GET',
        range,
        ifRange: 'Wed, 31 Dec 2025 10:00:00 GMT',
      }).kind,
    ).toBe('full');
  });
});
