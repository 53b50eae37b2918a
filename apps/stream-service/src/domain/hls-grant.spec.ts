import { HlsGrantSigner } from './hls-grant';

const grant = {
  key: 'movies/a.mp4',
  userId: 'u1',
  expiresAt: 2_000,
  sessionId: 'c0ffee00-0000-4000-8000-000000000000',
};

describe('HlsGrantSigner', () => {
  const signer = new HlsGrantSigner('x'.repeat(40));

  it('verifies the grant it issued, while it is valid', () => {
    expect(signer.verify(signer.issue(grant), 1_999)).toEqual(grant);
  });

  it('refuses it once expired', () => {
    expect(() => signer.verify(signer.issue(grant), 2_000)).toThrow('expired');
  });

  it('refuses a payload changed to another video or user', () => {
    const [, sig] = signer.issue(grant).split('.');
    for (const other of [
      { ...grant, key: 'movies/b.mp4' },
      { ...grant, userId: 'u2' },
      { ...grant, expiresAt: 9_999 },
    ]) {
      const [payload] = signer.issue(other).split('.');
      expect(() => signer.verify(`${payload}.${sig}`, 1_000)).toThrow(
        'invalid',
      );
    }
  });

  it('refuses a token signed with another secret, and malformed tokens', () => {
    const foreign = new HlsGrantSigner('y'.repeat(40)).issue(grant);
    for (const token of [foreign, '', 'abc', 'a.b.c', `${'a'.repeat(3000)}.b`])
      expect(() => signer.verify(token, 1_000)).toThrow(
        expect.objectContaining({ code: 'INVALID_PLAYBACK_SIGNATURE' }),
      );
  });

  it('does not accept an MP4 playback signature for the same data', () => {
    const token = signer.issue(grant);
    const [payload] = token.split('.');
    expect(() => signer.verify(`${payload}.${'A'.repeat(43)}`, 1_000)).toThrow(
      'invalid',
    );
  });
});
