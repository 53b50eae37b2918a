import { loadConfig } from '@video-streaming/core';
import { z } from 'zod';
import { createS3Client, s3ClientConfig } from './s3-client';
import { refineS3Env, s3EnvShape } from './s3.config';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production']).default('development'),
    ...s3EnvShape({ requestTimeoutMs: 5_000 }),
  })
  .superRefine(refineS3Env);
const read = (env: NodeJS.ProcessEnv) => loadConfig(schema, env);

describe('the S3 variables', () => {
  it('default to the dev stack, with the service’s own request timeout', () => {
    expect(read({})).toEqual({
      NODE_ENV: 'development',
      S3_ENDPOINT: 'http://127.0.0.1:4566',
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'local-dev-access-key',
      S3_SECRET_ACCESS_KEY: 'local-dev-secret-key',
      S3_BUCKET: 'videos',
      S3_CONNECT_TIMEOUT_MS: 1_000,
      S3_REQUEST_TIMEOUT_MS: 5_000,
    });
  });

  it('refuse the development keys in production, naming both', () => {
    const attempt = () => read({ NODE_ENV: 'production' });
    expect(attempt).toThrow(/S3_ACCESS_KEY_ID[\s\S]*S3_SECRET_ACCESS_KEY/);
    expect(
      read({
        NODE_ENV: 'production',
        S3_ACCESS_KEY_ID: 'prod-key',
        S3_SECRET_ACCESS_KEY: 'prod-secret',
      }).S3_ACCESS_KEY_ID,
    ).toBe('prod-key');
  });

  it('refuse an endpoint that is not a URL and a bucket name S3 would refuse', () => {
    expect(() =>
      read({ S3_ENDPOINT: 's3 on port 4566', S3_BUCKET: 'v' }),
    ).toThrow(/S3_ENDPOINT[\s\S]*S3_BUCKET/);
  });
});

describe('the S3 client', () => {
  const env = read({
    S3_ENDPOINT: 'http://s3.internal:9000',
    S3_REGION: 'eu-west-1',
  });

  it('addresses the bucket path-style at the configured endpoint, as these keys', async () => {
    const config = s3ClientConfig(env);
    expect(config).toMatchObject({
      endpoint: 'http://s3.internal:9000',
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: {
        accessKeyId: 'local-dev-access-key',
        secretAccessKey: 'local-dev-secret-key',
      },
    });
  });

  it('tries each request as often as the service asks', async () => {
    const client = createS3Client(env, { maxAttempts: 3 });
    expect(await client.config.maxAttempts()).toBe(3);
    expect(await client.config.region()).toBe('eu-west-1');
    client.destroy();
  });
});
