import { parseQueryStrictly } from './strict-query-parser';

describe('parseQueryStrictly', () => {
  it.each([
    ['filename=v%C3%ADdeo-%E6%97%A5%E6%9C%AC.mp4', 'vídeo-日本.mp4'],
    ['filename=emoji-%F0%9F%8E%AC.webm', 'emoji-🎬.webm'],
    ['filename=a+b.mp4', 'a b.mp4'],
    ['filename=plain.mp4', 'plain.mp4'],
  ])('decodes valid UTF-8 as usual: %s', (query, expected) => {
    expect(parseQueryStrictly(query)['filename']).toBe(expected);
  });

  it.each([
    ['invalid bytes', 'probe-%ff%fe.mp4'],
    ['invalid bytes, swapped', 'probe-%fe%ff.mp4'],
    ['lone continuation bytes', 'probe-%80%80.mp4'],
    ['an overlong slash', 'a%c0%afb.mp4'],
    ['a UTF-8-encoded lone surrogate', 'a%ed%a0%80b.mp4'],
    ['a truncated sequence', 'euro-%e2%82.mp4'],
  ])(
    'keeps %s percent-encoded instead of turning them into U+FFFD',
    (_n, value) => {
      const parsed = parseQueryStrictly(`filename=${value}`)['filename'];
      expect(parsed).toBe(value);
      expect(parsed).not.toContain('\uFFFD');
    },
  );

  it('keeps the three names of the report distinct', () => {
    const names = [
      'probe-%ff%fe.mp4',
      'probe-%fe%ff.mp4',
      'probe-%80%80.mp4',
    ].map((v) => parseQueryStrictly(`filename=${v}`)['filename']);
    expect(new Set(names).size).toBe(3);
  });
});
