import type { StreamConfig } from '../../config';
import { PlaybackSignature } from '../../domain/playback-signature';
import { VideoKey } from '../../domain/video-key';
import { VerifyPlaybackUrlUseCase } from './verify-playback-url.use-case';

describe('VerifyPlaybackUrlUseCase', () => {
  const secret = 'a-secret-of-at-least-thirty-two-chars!!';
  const verifier = new VerifyPlaybackUrlUseCase({
    PLAYBACK_URL_SECRET: secret,
  } as StreamConfig);
  const signer = new PlaybackSignature(secret);
  const exp = Math.floor(Date.now() / 1000) + 60;
  const sid = '6f1c2f4e-0d7b-4b8e-9a43-2f0f4f0e9c11';
  const key = VideoKey.parse('video-test.mp4');
  const query = {
    filename: 'video-test.mp4',
    uid: 'viewer-1',
    exp: String(exp),
    sid,
    sig: signer.sign(key, 'viewer-1', exp, sid),
  };

  it('names the user and the playback session of a valid URL', () => {
    expect(verifier.execute(query)).toEqual({
      principal: {
        userId: 'viewer-1',
        scopes: ['video:read'],
        tokenId: undefined,
      },
      sessionId: sid,
    });
  });

  it('still accepts a URL issued without a session, and names none', () => {
    const old: Record<string, string> = { ...query };
    delete old['sid'];
    expect(
      verifier.execute({ ...old, sig: signer.sign(key, 'viewer-1', exp) }),
    ).toMatchObject({ sessionId: undefined });
  });

  it.each([
    ['another session id', { sid: '00000000-0000-4000-8000-000000000000' }],
    ['a repeated sid', { sid: [sid, sid] }],
    ['a session id that is not an id', { sid: 'a b' }],
  ])('refuses %s', (_case, change) => {
    expect(() => verifier.execute({ ...query, ...change })).toThrow(
      /signature is invalid/,
    );
  });
});
