import {
  InvalidPlaybackSignatureError,
  PlaybackSignature,
} from './playback-signature';
import { VideoKey } from './video-key';

describe('PlaybackSignature', () => {
  const signer = new PlaybackSignature(
    'a-secret-of-at-least-thirty-two-chars!!',
  );
  const key = VideoKey.parse('video-test.mp4');
  const now = 1_800_000_000;
  const sig = signer.sign(key, 'u1', now + 60);

  it('accepts its own signature before expiry', () => {
    expect(() =>
      signer.verify(
        { key: 'video-test.mp4', userId: 'u1', expiresAt: now + 60 },
        sig,
        now,
      ),
    ).not.toThrow();
  });

  it.each([
    ['another video', { key: 'other.mp4', userId: 'u1', expiresAt: now + 60 }],
    [
      'another user',
      { key: 'video-test.mp4', userId: 'u2', expiresAt: now + 60 },
    ],
    [
      'a stretched expiry',
      { key: 'video-test.mp4', userId: 'u1', expiresAt: now + 6000 },
    ],
  ])('refuses the signature for %s', (_case, grant) => {
    expect(() => signer.verify(grant, sig, now)).toThrow(/invalid/);
  });

  it('refuses an expired URL', () => {
    expect(() =>
      signer.verify(
        { key: 'video-test.mp4', userId: 'u1', expiresAt: now + 60 },
        sig,
        now + 60,
      ),
    ).toThrow(/expired/);
  });

  it('refuses a signature made with another secret, and garbage', () => {
    const other = new PlaybackSignature(
      'another-secret-of-at-least-thirty-two!!',
    ).sign(key, 'u1', now + 60);
    expect(() =>
      signer.verify(
        { key: 'video-test.mp4', userId: 'u1', expiresAt: now + 60 },
        other,
        now,
      ),
    ).toThrow(InvalidPlaybackSignatureError);
    expect(() =>
      signer.verify(
        { key: 'video-test.mp4', userId: 'u1', expiresAt: now + 60 },
        'x',
        now,
      ),
    ).toThrow(InvalidPlaybackSignatureError);
  });
});
