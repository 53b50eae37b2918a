import {
  canonicalQueryKey,
  isSensitiveQueryKey,
  REDACTED,
  redactHeaders,
  redactQuery,
  redactUrl,
} from './redact';

const SIG = 'abcDEF123secret';

describe('redactUrl', () => {
  it('cuts the HLS playback grant out of the path and keeps the file it asks for', () => {
    const grant =
      'eyJ2IjoxLCJrIjoidmlkZW8tdGVzdC5tcDQifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    expect(redactUrl(`/v1/api/video/hls/${grant}/360p/seg-00001.m4s`)).toBe(
      '/v1/api/video/hls/[Redacted]/360p/seg-00001.m4s',
    );
    expect(
      redactUrl(
        `http://localhost:3000/v1/api/video/hls/${grant}/master.m3u8?x=1`,
      ),
    ).toBe('http://localhost:3000/v1/api/video/hls/[Redacted]/master.m3u8?x=1');
    expect(redactUrl('/v1/api/video?filename=hls')).toBe(
      '/v1/api/video?filename=hls',
    );
  });

  it('hides the signature of a playback URL and keeps the rest', () => {
    expect(
      redactUrl(`/v1/api/video?filename=a.mp4&exp=1700000000&sig=${SIG}`),
    ).toBe(`/v1/api/video?filename=a.mp4&exp=1700000000&sig=${REDACTED}`);
  });

  it.each([
    ['percent-encoded key', '%73ig'],
    ['fully encoded key', '%73%69%67'],
    ['upper-case escapes', '%53IG'],
    ['upper-case key', 'SIG'],
    ['mixed case', 'SiG'],
    ['double encoding', '%2573ig'],
    ['triple encoding', '%252573ig'],
    ['a trailing space as +', 'sig+'],
    ['a trailing encoded space', 'sig%20'],
    ['array syntax', 'sig[]'],
    ['encoded array syntax', 'sig%5B%5D'],
    ['nested syntax', 'x[sig]'],
    ['access_token', 'access_token'],
    ['encoded access_token', '%61ccess_token'],
    ['refresh_token', 'refresh_token'],
    ['password', 'Password'],
    ['client_secret', 'client_secret'],
    ['an OAuth code', 'code'],
    ['S3 signature', 'X-Amz-Signature'],
    ['S3 credential', 'x-amz-credential'],
    ['S3 session token', 'X-Amz-Security-Token'],
    ['a *_token name', 'upload_token'],
  ])('hides the value behind a %s (%s)', (_, key) => {
    const logged = redactUrl(`/v1/api/video?filename=a.mp4&${key}=${SIG}`);
    expect(logged).not.toContain(SIG);
    expect(logged).toBe(`/v1/api/video?filename=a.mp4&${key}=${REDACTED}`);
  });

  it('hides every occurrence of a key, not only the first', () => {
    const logged = redactUrl(
      `/v1/api/video?sig=${SIG}1&filename=a.mp4&sig=${SIG}2&%73ig=${SIG}3`,
    );
    expect(logged).toBe(
      `/v1/api/video?sig=${REDACTED}&filename=a.mp4&sig=${REDACTED}&%73ig=${REDACTED}`,
    );
  });

  it('hides a value when the = itself is escaped into the key', () => {
    expect(redactUrl(`/v1/api/video?sig%3D${SIG}`)).not.toContain(SIG);
  });

  it('hides pairs separated by ;', () => {
    expect(redactUrl(`/v1/api/video?filename=a;sig=${SIG}`)).not.toContain(SIG);
  });

  it('hides credentials in an absolute URL: user info, query and fragment', () => {
    const logged = redactUrl(
      `https://user:pa55@s3.example/videos/a.mp4?X-Amz-Signature=${SIG}#access_token=${SIG}`,
    );
    expect(logged).toBe(
      `https://${REDACTED}@s3.example/videos/a.mp4?X-Amz-Signature=${REDACTED}#access_token=${REDACTED}`,
    );
  });

  it('survives malformed escapes', () => {
    expect(redactUrl(`/v?%E0%A4%A=1&%ZZsig=2&sig=${SIG}`)).toBe(
      `/v?%E0%A4%A=1&%ZZsig=2&sig=${REDACTED}`,
    );
  });

  it.each([
    '/v1/api/videos?limit=10&cursor=abc',
    '/v1/api/video?filename=signature-video.mp4',
    '/v1/api/access-logs?userId=token&from=2026-01-01',
    '/v1/api/video',
    '/v1/api/video?',
  ])('leaves %s untouched', (url) => {
    expect(redactUrl(url)).toBe(url);
  });

  it('passes undefined through', () => {
    expect(redactUrl(undefined)).toBeUndefined();
  });
});

describe('redactQuery', () => {
  it('works on a query without its ?', () => {
    expect(redactQuery(`a=1&%2573ig=${SIG}`)).toBe(`a=1&%2573ig=${REDACTED}`);
  });
});

describe('canonicalQueryKey and isSensitiveQueryKey', () => {
  it('decodes until stable and lower-cases', () => {
    expect(canonicalQueryKey('%252553IG')).toBe('sig');
  });

  it.each([
    'filename',
    'exp',
    'limit',
    'cursor',
    'userId',
    'sigma',
    'tokens',
    'codec',
  ])('keeps %s', (key) => {
    expect(isSensitiveQueryKey(key)).toBe(false);
  });
});

describe('redactHeaders', () => {
  it('cuts credentials in any case and redacts URLs in Location', () => {
    expect(
      redactHeaders({
        Authorization: 'bearer x.y.z',
        cookie: 'session=1',
        'set-cookie': ['a=1'],
        location: `https://s3/v.mp4?X-Amz-Signature=${SIG}`,
        'content-type': 'video/mp4',
      }),
    ).toEqual({
      Authorization: REDACTED,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      location: `https://s3/v.mp4?X-Amz-Signature=${REDACTED}`,
      'content-type': 'video/mp4',
    });
  });

  it("cuts the presigned source and the access context of stream-service's edge redirect", () => {
    expect(
      redactHeaders({
        'X-Edge-Source': `/videos/v.mp4?X-Amz-Credential=k&X-Amz-Signature=${SIG}`,
        'X-Edge-Context': 'eyJ1c2VySWQiOiJ1In0',
        'X-Accel-Redirect': '/__edge/object',
      }),
    ).toEqual({
      'X-Edge-Source': expect.not.stringContaining(SIG),
      'X-Edge-Context': REDACTED,
      'X-Accel-Redirect': '/__edge/object',
    });
  });
});
