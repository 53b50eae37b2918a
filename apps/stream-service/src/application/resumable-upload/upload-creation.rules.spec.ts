import { acceptUploadCreation } from './upload-creation.rules';

const MAX = 1000;

describe('acceptUploadCreation', () => {
  it('accepts a valid key, a video type and a length within the limit', () => {
    const accepted = acceptUploadCreation(
      {
        metadata: {
          filename: 'movies/a.mp4',
          filetype: 'video/mp4',
          overwrite: 'true',
        },
        length: 1000,
      },
      MAX,
    );
    expect(accepted.key.value).toBe('movies/a.mp4');
    expect(accepted.overwrite).toBe(true);
  });

  it.each([
    [
      'a missing filename',
      { filetype: 'video/mp4' },
      100,
      /INVALID_UPLOAD_METADATA|filename/,
    ],
    ['a traversal key', { filename: '../etc/passwd' }, 100, /"\." and "\.\."/],
    ['a reserved key', { filename: 'hls/x.mp4/master.m3u8' }, 100, /reserved/],
    [
      'a declared image',
      { filename: 'a.mp4', filetype: 'image/png' },
      100,
      /image\/png/,
    ],
    [
      'an overwrite flag that is not a boolean',
      { filename: 'a.mp4', overwrite: 'yes' },
      100,
      /overwrite/,
    ],
    [
      'a deferred length',
      { filename: 'a.mp4' },
      undefined,
      /Upload-Defer-Length/,
    ],
    [
      'a length over the limit',
      { filename: 'a.mp4' },
      MAX + 1,
      /limit of 1000 bytes/,
    ],
  ])('refuses %s with a precise error', (_case, metadata, length, reason) => {
    expect(() => acceptUploadCreation({ metadata, length }, MAX)).toThrow(
      reason,
    );
  });

  it('gives the stable codes the HTTP layer maps', () => {
    const codeOf = (
      metadata: Record<string, string>,
      length: number | undefined,
    ) => {
      try {
        acceptUploadCreation({ metadata, length }, MAX);
        return undefined;
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    expect(codeOf({ filename: 'a.mp4' }, MAX + 1)).toBe('VIDEO_TOO_LARGE');
    expect(codeOf({ filename: 'a.mp4', filetype: 'text/plain' }, 1)).toBe(
      'UNSUPPORTED_VIDEO_TYPE',
    );
    expect(codeOf({}, 1)).toBe('INVALID_UPLOAD_METADATA');
  });
});
