import { ConfigError } from '@video-streaming/platform';
import { authOptions, readConfig } from './config';

describe('access-log-consumer configuration', () => {
  it('has working development defaults', () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      PORT: 3030,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      CONSUMER_GROUP_ID: 'video-streaming-consumer',
      ACCESS_LOG_INSERT_STRATEGY: 'unnest',
    });
    expect(authOptions(config)).toMatchObject({
      issuer: 'video-streaming-auth',
      audience: 'video-streaming',
      jwksUrl: expect.stringContaining(':3010/'),
    });
  });

  it('refuses to start listing every invalid variable, and the development database in production', () => {
    const attempt = () =>
      readConfig({
        NODE_ENV: 'production',
        KAFKA_BROKERS: 'no-port',
        PORT: '0',
        AUTH_JWKS: '{}',
      });
    expect(attempt).toThrow(ConfigError);
    for (const name of [
      'KAFKA_BROKERS',
      'PORT',
      'ACCESS_LOG_DATABASE_URL',
      'AUTH_JWKS',
    ])
      expect(attempt).toThrow(name);
  });
});
