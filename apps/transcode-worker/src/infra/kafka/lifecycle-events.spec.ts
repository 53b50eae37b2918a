import {
  parseVideoFailedEvent,
  parseVideoReadyEvent,
} from '@video-streaming/contracts';
import { videoFailedEvent, videoReadyEvent } from './lifecycle-events';

describe('lifecycle events', () => {
  it('sends a video-ready that its consumers parse, with the rungs of the ladder', () => {
    const event = videoReadyEvent({
      videoKey: 'movies/a.mp4',
      ladder: 'early',
      durationSeconds: 12.5,
      renditions: [
        {
          name: '720p-copy',
          width: 1280,
          height: 720,
          bandwidth: 3_000_000,
          codecs: 'avc1.64001f,mp4a.40.2',
          playlistKey: 'hls/movies/a.mp4/720p-copy/index.m3u8',
        },
      ],
      masterPlaylistKey: 'hls/movies/a.mp4/master.m3u8',
      posterKey: 'hls/movies/a.mp4/poster.jpg',
      sourceEventId: '6f1c1d2e-8d1b-4c55-9a43-3b7a4b6c2d10',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    const parsed = parseVideoReadyEvent(Buffer.from(JSON.stringify(event)));
    expect(parsed).toMatchObject({
      ok: true,
      event: { ladder: 'early', renditions: [{ height: 720 }] },
    });
  });

  it('sends a video-failed with a stable code and a bounded message', () => {
    const event = videoFailedEvent({
      videoKey: 'a.mp4',
      code: 'NOT_A_VIDEO',
      message: 'x'.repeat(5000),
    });
    const parsed = parseVideoFailedEvent(Buffer.from(JSON.stringify(event)));
    expect(parsed.ok).toBe(true);
    expect(event.reason.message).toHaveLength(2048);
  });
});
