import { expectConfigRefused } from '@video-streaming/platform/testing';
import { readConfig } from './config';

describe('transcode-worker configuration', () => {
  it('has working development defaults', () => {
    expect(readConfig({})).toMatchObject({
      PORT: 3040,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      TRANSCODER_GROUP_ID: 'video-transcoder',
      VIDEO_UPLOADED_TOPIC: 'video-uploaded',
      S3_BUCKET: 'videos',
      HLS_PREFIX: 'hls/',
      TRANSCODE_CONCURRENCY: 1,
      TRANSCODE_MAX_HEIGHT: 1080,
      TRANSCODE_PRESET: 'veryfast',
    });
  });

  it('refuses the development S3 keys in production', () => {
    expectConfigRefused(
      () => readConfig({ NODE_ENV: 'production' }),
      ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'],
    );
  });

  it('refuses to start listing every invalid variable', () => {
    expectConfigRefused(
      () =>
        readConfig({
          KAFKA_BROKERS: 'no-port',
          TRANSCODE_CONCURRENCY: '0',
          TRANSCODE_PRESET: 'placebo',
          HLS_PREFIX: '/abs',
        }),
      [
        'KAFKA_BROKERS',
        'TRANSCODE_CONCURRENCY',
        'TRANSCODE_PRESET',
        'HLS_PREFIX',
      ],
    );
  });
});
