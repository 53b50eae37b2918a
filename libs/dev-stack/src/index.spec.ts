import { execFileSync } from 'node:child_process';
import {
  devDatabaseUrl,
  devKafkaBrokers,
  devPort,
  devS3,
  devUrl,
} from './index';

describe('the dev stack address book', () => {
  it('answers the stack defaults', () => {
    const env = {};
    expect(devPort('stream-service', env)).toBe(3020);
    expect(devUrl('gateway', env)).toBe('http://127.0.0.1:3000');
    expect(devDatabaseUrl('auth', env)).toBe(
      'postgresql://postgres@127.0.0.1:5432/video_streaming?schema=auth',
    );
    expect(devKafkaBrokers(env)).toEqual(['127.0.0.1:9092']);
  });

  it('follows the variables that move a component', () => {
    const env = {
      AUTH_PORT: '3210',
      KAFKA_BROKERS: 'a:1,b:2',
      S3_PORT: '5566',
    };
    expect(devUrl('auth-service', env)).toBe('http://127.0.0.1:3210');
    expect(devKafkaBrokers(env)).toEqual(['a:1', 'b:2']);
    expect(devS3(env).endpoint).toBe('http://127.0.0.1:5566');
  });

  it('gives the .mjs tools the same answers as the TypeScript tests', () => {
    const script = `import('./index.mjs').then((m) => console.log(JSON.stringify([
      m.devUrl('access-log-consumer', {}), m.devDatabaseUrl(undefined, {}), m.devS3({}),
      m.devKafkaBrokers({ KAFKA_PORT: '19092' })])))`;
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', script],
      {
        cwd: __dirname,
      },
    );
    expect(JSON.parse(out.toString())).toEqual([
      devUrl('access-log-consumer', {}),
      devDatabaseUrl(undefined, {}),
      devS3({}),
      devKafkaBrokers({ KAFKA_PORT: '19092' }),
    ]);
  });
});
