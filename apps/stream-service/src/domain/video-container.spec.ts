import { detectVideoContainer } from './video-container';

describe('detectVideoContainer', () => {
  it('recognises MP4 by its ftyp box at offset 4', () => {
    expect(
      detectVideoContainer(Buffer.from('000000186674797069736f6d', 'hex')),
    ).toBe('mp4');
  });

  it('recognises WebM/Matroska by the EBML magic', () => {
    expect(
      detectVideoContainer(Buffer.from('1a45dfa39f4286810142f781', 'hex')),
    ).toBe('webm');
  });

  it.each([
    ['a PNG', '89504e470d0a1a0a0000000d'],
    ['text', Buffer.from('hello world!').toString('hex')],
    ['ftyp at the wrong offset', '6674797000000018'],
    ['too few bytes', '1a45'],
  ])('rejects %s', (_case, hex) => {
    expect(detectVideoContainer(Buffer.from(hex, 'hex'))).toBeUndefined();
  });
});
