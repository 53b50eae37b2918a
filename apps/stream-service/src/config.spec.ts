import { authOptionsOf } from '@video-streaming/auth';
import { ConfigError } from '@video-streaming/platform';
import { expectConfigRefused } from '@video-streaming/platform/testing';
import { readConfig } from './config';

describe('stream-service configuration', () => {
  it('starts in development with the stack defaults', () => {
    expect(readConfig({})).toMatchObject({
      PORT: 3020,
      S3_ENDPOINT: 'http://127.0.0.1:4566',
      S3_BUCKET: 'videos',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      PLAYBACK_MODE: 'signed',
      PLAYBACK_URL_TTL_SECONDS: 300,
      UPLOAD_MAX_BYTES: 2 * 1024 ** 3,
      PUBLIC_BASE_URL: 'http://localhost:3000',
    });
  });

  it('refuses to start in production on the development secrets, naming each', () => {
    const attempt = () => readConfig({ NODE_ENV: 'production' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/S3_ACCESS_KEY_ID/);
    expect(attempt).toThrow(/S3_SECRET_ACCESS_KEY/);
    expect(attempt).toThrow(/PLAYBACK_URL_SECRET/);
    expect(attempt).toThrow(/UPLOAD_LOCK_DATABASE_URL/);
  });

  it('starts in production with real secrets', () => {
    const config = readConfig({
      NODE_ENV: 'production',
      S3_ACCESS_KEY_ID: 'AKIAREAL',
      S3_SECRET_ACCESS_KEY: 'real-secret',
      PLAYBACK_URL_SECRET: 'x'.repeat(48),
      UPLOAD_LOCK_DATABASE_URL:
        'postgresql://stream@db.internal:5432/video_streaming',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
    });
    expect(config.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092']);
  });

  it('lists every invalid variable at once', () => {
    expectConfigRefused(
      () =>
        readConfig({
          PORT: 'x',
          PLAYBACK_MODE: 'open',
          PLAYBACK_URL_SECRET: 'short',
          S3_ENDPOINT: 'not a url',
        }),
      ['PORT', 'PLAYBACK_MODE', 'PLAYBACK_URL_SECRET', 'S3_ENDPOINT'],
    );
  });

  it('trusts a static key set from AUTH_JWKS instead of fetching AUTH_JWKS_URL, and refuses a malformed one', () => {
    const keys = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] };
    const config = readConfig({ AUTH_JWKS: JSON.stringify(keys) });
    expect(authOptionsOf(config)).toEqual({
      issuer: 'video-streaming-auth',
      audience: 'video-streaming',
      jwks: keys,
    });
    expect(authOptionsOf(readConfig({}))).toMatchObject({
      jwksUrl: 'http://127.0.0.1:3010/v1/api/auth/.well-known/jwks.json',
    });
    expect(() => readConfig({ AUTH_JWKS: '{"keys":[]}' })).toThrow(/AUTH_JWKS/);
  });
});
