import type { VideoMetadata } from './object-storage.port';
import { assertMayChange } from './video-ownership';

const video = (owner: string | undefined): VideoMetadata => ({
  key: 'v.mp4',
  size: 1,
  etag: '"e"',
  lastModified: new Date(0),
  contentType: 'video/mp4',
  owner,
});

describe('assertMayChange', () => {
  it.each([
    ['its owner', video('alice'), { userId: 'alice', isAdmin: false }],
    [
      'an admin, on somebody else’s video',
      video('alice'),
      { userId: 'root', isAdmin: true },
    ],
    [
      'an admin, on a video without owner',
      video(undefined),
      { userId: 'root', isAdmin: true },
    ],
  ])('lets %s change it', (_who, v, actor) => {
    expect(() => assertMayChange(v, actor)).not.toThrow();
  });

  it.each([
    [
      'another writer',
      video('alice'),
      { userId: 'bob', isAdmin: false },
      /owner of v.mp4/,
    ],
    [
      'a writer, on a video without owner',
      video(undefined),
      { userId: 'bob', isAdmin: false },
      /no recorded owner/,
    ],
    [
      'a subject that differs only in case',
      video('alice'),
      { userId: 'Alice', isAdmin: false },
      /owner/,
    ],
  ])('refuses %s with VIDEO_NOT_OWNED', (_who, v, actor, message) => {
    const attempt = () => assertMayChange(v, actor);
    expect(attempt).toThrow(
      expect.objectContaining({ code: 'VIDEO_NOT_OWNED' }),
    );
    expect(attempt).toThrow(message);
  });
});
