import type { HlsManifest } from './rendition-catalogue.port';
import { videoState } from './video-state';

const manifest = (sourceEtag?: string): HlsManifest => ({
  ladder: 'final',
  sourceEtag,
  durationSeconds: 10,
  renditions: [
    {
      height: 360,
      width: 640,
      bandwidth: 800_000,
      codecs: 'avc1.64001e',
      playlistKey: 'hls/a.mp4/360p/index.m3u8',
    },
  ],
  masterPlaylistKey: 'hls/a.mp4/master.m3u8',
  posterKey: 'hls/a.mp4/poster.jpg',
});
const failure = (sourceEtag?: string) => ({
  sourceEtag,
  reason: { code: 'NOT_A_VIDEO', message: 'no video stream' },
});

describe('videoState', () => {
  it('is processing while the worker has written nothing', () => {
    expect(videoState('"e1"', undefined, undefined)).toEqual({
      state: 'processing',
    });
  });

  it('is ready with a manifest of the current source', () => {
    expect(videoState('"e1"', manifest('"e1"'), undefined)).toMatchObject({
      state: 'ready',
    });
  });

  it('is failed with the reason of a failure of the current source', () => {
    expect(videoState('"e1"', undefined, failure('"e1"'))).toEqual({
      state: 'failed',
      reason: failure().reason,
    });
  });

  it('ignores what belongs to a replaced source: a re-upload is processing again', () => {
    expect(videoState('"e2"', manifest('"e1"'), failure('"e1"'))).toEqual({
      state: 'processing',
    });
  });

  it('keeps an early rendition playable when the rest of the ladder failed', () => {
    expect(videoState('"e1"', manifest('"e1"'), failure('"e1"'))).toMatchObject(
      { state: 'ready' },
    );
  });

  it('accepts documents without sourceEtag', () => {
    expect(videoState('"e1"', manifest(), undefined)).toMatchObject({
      state: 'ready',
    });
  });
});
