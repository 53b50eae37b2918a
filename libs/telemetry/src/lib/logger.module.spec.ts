import { redactUrl } from './logger.module';

describe('redactUrl', () => {
  it('hides the signature of a playback URL and keeps the rest', () => {
    expect(redactUrl('/v1/api/video?filename=a.mp4&exp=1700000000&sig=abcDEF123')).toBe(
      '/v1/api/video?filename=a.mp4&exp=1700000000&sig=[Redacted]',
    );
  });

  it('hides presigned S3 credentials', () => {
    expect(redactUrl('/videos/a.mp4?X-Amz-Credential=AKIA%2F&X-Amz-Signature=deadbeef')).toBe(
      '/videos/a.mp4?X-Amz-Credential=[Redacted]&X-Amz-Signature=[Redacted]',
    );
  });

  it('leaves a URL without secrets untouched', () => {
    expect(redactUrl('/v1/api/videos?limit=10')).toBe('/v1/api/videos?limit=10');
  });
});
