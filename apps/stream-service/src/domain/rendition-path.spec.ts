import { RenditionPath } from './rendition-path';

describe('RenditionPath', () => {
  it.each([
    'master.m3u8',
    'poster.jpg',
    '720p/index.m3u8',
    '1080p-copy/init.mp4',
    '360p/seg-00001.m4s',
  ])('accepts %s', (path) =>
    expect(RenditionPath.parse(path).value).toBe(path),
  );

  it.each([
    '../x.mp4/master.m3u8',
    '720p/../../secret',
    'manifest.json',
    'failed.json',
    '720p/x/seg.m4s',
    '/master.m3u8',
    'master.m3u8?x=1',
    'A B/index.m3u8',
    '',
  ])('refuses %s as not found', (path) =>
    expect(() => RenditionPath.parse(path)).toThrow(
      expect.objectContaining({ code: 'VIDEO_NOT_FOUND' }),
    ),
  );
});
