import { aVideoUploadedEvent } from '@video-streaming/contracts/testing';
import {
  PermanentMessageError,
  type InboundMessage,
} from '@video-streaming/kafka-transport';
import type { TranscodeJobRunner } from '../../application/transcode-video/job-runner';
import type { TranscodeJob } from '../../application/transcode-video/transcode-settings';
import { VideoUploadedHandler } from './video-uploaded.handler';

function setup() {
  const jobs: TranscodeJob[] = [];
  const runner = {
    run: async (job: TranscodeJob) => {
      jobs.push(job);
      return 'ready' as const;
    },
  } as unknown as TranscodeJobRunner;
  return { jobs, handler: new VideoUploadedHandler(runner) };
}

const message = (value: string): InboundMessage => ({
  key: null,
  value: Buffer.from(value),
  headers: {},
  timestamp: '0',
  source: { topic: 'video-uploaded', partition: 0, offset: '7' },
});

describe('VideoUploadedHandler', () => {
  it('runs one job per upload, carrying the event id and trace for the answer', async () => {
    const { jobs, handler } = setup();
    const event = aVideoUploadedEvent({
      videoKey: 'movies/a.mp4',
      trace: {
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    });
    await handler.handle(message(JSON.stringify(event)));
    expect(jobs).toEqual([
      {
        videoKey: 'movies/a.mp4',
        sourceEventId: event.eventId,
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    ]);
  });

  it('sends what is not a video-uploaded event to the dead letters, with the reason, and runs nothing', async () => {
    const { jobs, handler } = setup();
    const attempt = handler.handle(message('{"videoKey": 42}'));
    await expect(attempt).rejects.toThrow(PermanentMessageError);
    await expect(attempt).rejects.toMatchObject({
      reason: expect.stringContaining('schema violation'),
    });
    expect(jobs).toEqual([]);
  });
});
