import { expectConfigRefused } from '@video-streaming/platform/testing';
import { authOptionsOf } from '@video-streaming/auth';
import { readConfig } from './config';

describe('access-log-consumer configuration', () => {
  it('has working development defaults', () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      PORT: 3030,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      CONSUMER_GROUP_ID: 'video-streaming-consumer',
      ACCESS_LOG_INSERT_STRATEGY: 'unnest',
      ACCESS_LOG_TOPIC: 'video-accessed',
      ACCESS_LOG_DLQ_TOPIC: 'video-accessed.dlq',
      // One dead-letter send stays below the broker's default message.max.bytes (1,048,588).
      DLQ_MAX_SEND_BYTES: 900_000,
      ACCESS_LOG_STALL_SECONDS: 120,
      SHUTDOWN_TIMEOUT_MS: 25_000,
    });
    expect(authOptionsOf(config)).toMatchObject({
      issuer: 'video-streaming-auth',
      audience: 'video-streaming',
      jwksUrl: expect.stringContaining(':3010/'),
    });
  });

  it('refuses to start listing every invalid variable, and the development database in production', () => {
    expectConfigRefused(
      () =>
        readConfig({
          NODE_ENV: 'production',
          KAFKA_BROKERS: 'no-port',
          PORT: '0',
          AUTH_JWKS: '{}',
          DLQ_MAX_SEND_BYTES: '0',
          ACCESS_LOG_STALL_SECONDS: '1',
        }),
      [
        'KAFKA_BROKERS',
        'PORT',
        'ACCESS_LOG_DATABASE_URL',
        'AUTH_JWKS',
        'DLQ_MAX_SEND_BYTES',
        'ACCESS_LOG_STALL_SECONDS',
      ],
    );
  });
});
