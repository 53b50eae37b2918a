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

  describe('with a playback session (v2)', () => {
    const session = '6f1c2f4e-0d7b-4b8e-9a43-2f0f4f0e9c11';
    const grant = {
      key: 'video-test.mp4',
      userId: 'u1',
      expiresAt: now + 60,
      sessionId: session,
    };
    const signed = signer.sign(key, 'u1', now + 60, session);

    it('accepts the URL with its own session id', () => {
      expect(() => signer.verify(grant, signed, now)).not.toThrow();
    });

    it('refuses another session id, or the session id removed', () => {
      expect(() =>
        signer.verify(
          { ...grant, sessionId: '00000000-0000-4000-8000-000000000000' },
          signed,
          now,
        ),
      ).toThrow(/invalid/);
      expect(() =>
        signer.verify({ ...grant, sessionId: undefined }, signed, now),
      ).toThrow(/invalid/);
    });

    it('does not accept a v1 signature with a session id added', () => {
      expect(() => signer.verify(grant, sig, now)).toThrow(/invalid/);
    });
  });
});
