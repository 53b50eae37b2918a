import { ConfigError } from '@video-streaming/platform';
import { readConfig } from './config';

describe('auth-service configuration', () => {
  it('defaults to development: port 3010, 15-minute tokens, generated keys under .stack/auth-keys, dev token on', () => {
    expect(readConfig({})).toMatchObject({
      port: 3010,
      accessTokenTtlSeconds: 900,
      issuer: 'video-streaming-auth',
      audience: 'video-streaming',
      keys: { dir: '.stack/auth-keys', generateIfMissing: true },
      devTokenEndpoint: true,
    });
  });

  it('refuses to start in production without signing keys, naming the variables to set', () => {
    expect(() => readConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => readConfig({ NODE_ENV: 'production' })).toThrow(
      /AUTH_KEYS_DIR, AUTH_PRIVATE_KEY_FILE or AUTH_PRIVATE_KEY/,
    );
  });

  it('in production never generates keys and hides the dev token endpoint unless asked', () => {
    expect(
      readConfig({ NODE_ENV: 'production', AUTH_KEYS_DIR: '/keys' }),
    ).toMatchObject({
      keys: { generateIfMissing: false },
      devTokenEndpoint: false,
    });
    expect(
      readConfig({
        NODE_ENV: 'production',
        AUTH_KEYS_DIR: '/keys',
        AUTH_DEV_TOKEN_ENDPOINT: 'true',
      }).devTokenEndpoint,
    ).toBe(true);
  });

  it('lists every invalid variable at once', () => {
    expect(() =>
      readConfig({ PORT: 'x', ACCESS_TOKEN_TTL_SECONDS: '-1' }),
    ).toThrow(
      /PORT[\s\S]*ACCESS_TOKEN_TTL_SECONDS|ACCESS_TOKEN_TTL_SECONDS[\s\S]*PORT/,
    );
  });
});
