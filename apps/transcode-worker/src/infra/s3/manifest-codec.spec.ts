import { parseFailure, parseManifest } from './manifest-codec';

describe('manifest codec', () => {
  it('reads back what the worker writes', () => {
    const failure = {
      schemaVersion: 1,
      videoKey: 'a.mp4',
      state: 'failed',
      sourceEtag: '"e"',
      reason: { code: 'NOT_A_VIDEO', message: 'm' },
      updatedAt: '2026-12-01T00:00:00.000Z',
    };
    expect(parseFailure(JSON.stringify(failure))).toEqual(failure);
  });

  it('treats a damaged or foreign manifest as absent, so the video is transcoded again', () => {
    expect(parseManifest('{"schemaVersion":1,')).toBeNull();
    expect(parseManifest(JSON.stringify({ schemaVersion: 2 }))).toBeNull();
    expect(parseFailure('null')).toBeNull();
  });
});
