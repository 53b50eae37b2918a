import {
  isDerivedObjectKey,
  InvalidVideoKeyError,
  VideoKey,
} from './video-key';

describe('VideoKey', () => {
  it.each([
    'video-test.mp4',
    'series/s01/e01.webm',
    'filme com espaço.mp4',
    'ação.mp4',
    'vídeo-日本.mp4',
    'emoji-🎬.webm',
  ])('accepts %s', (name) => {
    expect(VideoKey.parse(name).value).toBe(name);
  });

  it.each([
    ['missing', undefined, /required/],
    ['empty', '', /required/],
    ['an array (repeated query parameter)', ['a.mp4', 'b.mp4'], /required/],
    ['parent segment', '../a.mp4', /segments/],
    ['nested parent segment', 'a/../../b.mp4', /segments/],
    ['dot segment', './a.mp4', /segments/],
    ['absolute path', '/etc/passwd', /absolute/],
    ['backslash', '..\\a.mp4', /backslash/],
    ['NUL byte', 'a.mp4\u0000.txt', /control/],
    ['newline', 'a\nb.mp4', /control/],
    ['double-encoded traversal', '%2e%2e%2fa.mp4', /percent/],
    ['encoded NUL', 'a.mp4%00', /percent/],
    ['empty segment', 'a//b.mp4', /empty/],
    ['trailing slash', 'dir/', /empty/],
    ['fullwidth dot', '\uFF0E\uFF0E/a.mp4', /look-alike/],
    ['over-long name', 'x'.repeat(513), /longer/],
    ['non-NFC unicode', 'a\u0301.mp4', /NFC/],
    [
      'invalid UTF-8 kept encoded by the query parser',
      'probe-%ff%fe.mp4',
      /not valid UTF-8/,
    ],
    ['an overlong slash kept encoded', 'a%c0%afb.mp4', /not valid UTF-8/],
    [
      'the replacement character a lenient decoder leaves',
      'probe-\uFFFD\uFFFD.mp4',
      /not valid UTF-8/,
    ],
    ['a lone surrogate', 'a\uD800b.mp4', /not valid UTF-8/],
    ['a right-to-left override', 'video\u202Egpj.mp4', /bidirectional/],
    ['a first-strong isolate', 'a\u2068b.mp4', /bidirectional/],
    [
      'a name under the HLS renditions',
      'hls/a.mp4/master.m3u8',
      /hls\/ is reserved/,
    ],
    [
      'a name under the uploads in progress',
      '.uploads/0123',
      /\.uploads\/ is reserved/,
    ],
    [
      'a name under the event outbox',
      '.outbox/video-uploaded/x.json',
      /\.outbox\/ is reserved/,
    ],
  ])('refuses %s with a precise error', (_case, raw, reason) => {
    const attempt = () => VideoKey.parse(raw);
    expect(attempt).toThrow(InvalidVideoKeyError);
    expect(attempt).toThrow(reason);
  });

  it('carries the stable code the HTTP layer maps to 400', () => {
    expect(() => VideoKey.parse('../x')).toThrow(
      expect.objectContaining({ code: 'INVALID_VIDEO_KEY' }),
    );
  });

  it.each([
    ['hls/a.mp4/720p/seg-00001.m4s', true],
    ['.uploads/0123abcd.info', true],
    ['.outbox/video-uploaded/0f0e.json', true],
    ['.mpus-60ef458d-efd1-43af-b7da-f0eefb3889a4-a.mp4-stub', true],
    ['movies/hls/a.mp4', false],
    ['video-test.mp4', false],
  ])('tells that %s is derived (not a video): %s', (key, derived) => {
    expect(isDerivedObjectKey(key)).toBe(derived);
  });
});
