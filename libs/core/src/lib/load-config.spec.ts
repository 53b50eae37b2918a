import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3020),
  S3_BUCKET: z.string().min(1),
  NODE_ENV: z
    .enum(['development', 'test', 'production'])
    .default('development'),
});

describe('loadConfig', () => {
  it('applies defaults and coerces types', () => {
    expect(loadConfig(schema, { S3_BUCKET: 'videos' })).toEqual({
      PORT: 3020,
      S3_BUCKET: 'videos',
      NODE_ENV: 'development',
    });
  });

  it('lists every invalid variable at once', () => {
    const attempt = () =>
      loadConfig(schema, { PORT: '99999', NODE_ENV: 'staging' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/S3_BUCKET/);
    expect(attempt).toThrow(/NODE_ENV/);
  });
});
