import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACCESS_LOG_VIDEO_TABLES,
  deleteVideoTraces,
  devDatabaseUrl,
  devKafkaBrokers,
  devPort,
  devS3,
  devUrl,
  makeTestVideo,
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

describe('what tests and benches share', () => {
  it('makes a playable test video of the size and length asked for, with sound', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dev-stack-video-'));
    try {
      const file = makeTestVideo(join(dir, 'v.mp4'), {
        width: 320,
        height: 240,
        seconds: 2,
      });
      // One line per stream (codec, type, size), then the container's duration.
      const [video, audio, duration] = execFileSync(
        'ffprobe',
        [
          ...['-v', 'error', '-of', 'csv=p=0', '-show_entries'],
          'stream=codec_name,codec_type,width,height:format=duration',
          file,
        ],
        { encoding: 'utf8' },
      )
        .trim()
        .split('\n');
      expect([video, audio]).toEqual(['h264,video,320,240', 'aac,audio']);
      expect(Number(duration)).toBeCloseTo(2, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("deletes a run's videos from every table of the consumer's schema, wildcards in the prefix taken literally", async () => {
    const statements: [string, unknown[]][] = [];
    await deleteVideoTraces(async (sql, params) => {
      statements.push([sql, params]);
    }, 'run_1%-');
    expect(statements).toEqual(
      ACCESS_LOG_VIDEO_TABLES.map((table) => [
        `DELETE FROM ${table} WHERE video_key LIKE $1`,
        ['run\\_1\\%-%'],
      ]),
    );
  });
});
