import {
  finalOutcomeFor,
  type FailureRecord,
  type ReadyManifest,
} from './video-manifest';

const source = { etag: '"v2"', size: 10 };
const manifest = (over: Partial<ReadyManifest>): ReadyManifest => ({
  schemaVersion: 1,
  videoKey: 'a.mp4',
  state: 'ready',
  ladder: 'final',
  sourceEtag: '"v2"',
  durationSeconds: 1,
  width: 640,
  height: 360,
  renditions: [],
  masterPlaylistKey: 'hls/a.mp4/master.m3u8',
  posterKey: null,
  updatedAt: '2026-12-01T00:00:00Z',
  ...over,
});
const failure: FailureRecord = {
  schemaVersion: 1,
  videoKey: 'a.mp4',
  state: 'failed',
  sourceEtag: '"v2"',
  reason: { code: 'NOT_A_VIDEO', message: 'x' },
  updatedAt: '2026-12-01T00:00:00Z',
};

describe('finalOutcomeFor', () => {
  it('is the final ladder or the failure published for the same bytes', () => {
    const final = manifest({});
    expect(finalOutcomeFor({ manifest: final, failure: null }, source)).toBe(
      final,
    );
    expect(finalOutcomeFor({ manifest: null, failure }, source)).toBe(failure);
  });

  it('is nothing for a new upload of the key, or when only the early rendition was published', () => {
    expect(
      finalOutcomeFor(
        { manifest: manifest({ sourceEtag: '"v1"' }), failure: null },
        source,
      ),
    ).toBeNull();
    expect(
      finalOutcomeFor(
        { manifest: null, failure: { ...failure, sourceEtag: '"v1"' } },
        source,
      ),
    ).toBeNull();
    expect(
      finalOutcomeFor(
        { manifest: manifest({ ladder: 'early' }), failure: null },
        source,
      ),
    ).toBeNull();
    expect(
      finalOutcomeFor({ manifest: null, failure: null }, source),
    ).toBeNull();
  });
});
