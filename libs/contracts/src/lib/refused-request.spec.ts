import {
  escapeRequestedName,
  MAX_REQUESTED_NAME_CHARS,
} from './refused-request';

describe('escapeRequestedName', () => {
  it.each([
    ['video-test.mp4', 'video-test.mp4'],
    ['../secret.mp4', '../secret.mp4'],
    ['', ''],
    ['a\u0000b', 'a%00b'],
    ['a\nb\u007f', 'a%0Ab%7F'],
    ['100%.mp4', '100%25.mp4'],
    ['probe-%ff%fe.mp4', 'probe-%25ff%25fe.mp4'],
    ['vídeo-日本.mp4', 'v%C3%ADdeo-%E6%97%A5%E6%9C%AC.mp4'],
    ['video\u202Egpj.mp4', 'video%E2%80%AEgpj.mp4'],
    ['\uFFFD', '%EF%BF%BD'],
    ['a\uD800b', 'a%EF%BF%BDb'],
  ])('escapes %j as %j', (raw, expected) => {
    expect(escapeRequestedName(raw)).toEqual({
      name: expected,
      truncated: false,
    });
  });

  it('keeps only printable ASCII', () => {
    const all = String.fromCodePoint(
      ...Array.from({ length: 0x3000 }, (_, i) => i),
    );
    expect(escapeRequestedName(all, 100_000).name).toMatch(/^[\x20-\x7e]*$/);
  });

  it('cuts a 10 KB name without splitting an escape', () => {
    const { name, truncated } = escapeRequestedName('é'.repeat(10_000));
    expect(truncated).toBe(true);
    expect(name.length).toBeLessThanOrEqual(MAX_REQUESTED_NAME_CHARS);
    expect(name).toMatch(/^(%C3%A9)+$/);
  });
});
