import { tmpdir } from 'node:os';
import { UnplayableSourceError } from '../../domain/transcode.errors';
import {
  FakeMedia,
  FakeStorage,
  RecordingEvents,
  RecordingObserver,
  aProbe,
} from '../../testing/fakes';
import { TranscodeVideoUseCase } from './transcode-video.use-case';

function setup() {
  const storage = new FakeStorage();
  const media = new FakeMedia();
  const events = new RecordingEvents();
  const observer = new RecordingObserver();
  const useCase = new TranscodeVideoUseCase(
    storage,
    media,
    media,
    events,
    observer,
    {
      workDir: tmpdir(),
      segmentSeconds: 4,
      maxHeight: 1080,
      maxDurationSeconds: 3600,
    },
  );
  storage.sources.set('clip.mp4', { etag: '"v1"', size: 1_500_000 });
  const run = (signal = new AbortController().signal) =>
    useCase.execute({ videoKey: 'clip.mp4', sourceEventId: undefined }, signal);
  return { storage, media, events, observer, run };
}

describe('TranscodeVideoUseCase', () => {
  it('publishes the remuxed source first, then the full ladder, each manifest after its files', async () => {
    const { storage, events, run } = setup();
    await expect(run()).resolves.toBe('ready');

    expect(events.readies.map((e) => e.ladder)).toEqual(['early', 'final']);
    const [early, final] = events.readies;
    expect(early.renditions.map((r) => r.name)).toEqual(['720p-copy']);
    expect(final.renditions.map((r) => r.name)).toEqual(['360p', '720p']);
    expect(final.posterKey).toBe('hls/clip.mp4/poster.jpg');
    // Every file a manifest names was written before that manifest.
    const manifests = storage.writes
      .map((k, i) => [k, i] as const)
      .filter(([k]) => k.endsWith('manifest.json'))
      .map(([, i]) => i);
    expect(manifests).toHaveLength(2);
    const firstManifestAt = manifests[0];
    expect(
      storage.writes.indexOf('hls/clip.mp4/720p-copy/index.m3u8'),
    ).toBeLessThan(firstManifestAt);
    expect(
      storage.writes.lastIndexOf('hls/clip.mp4/720p/index.m3u8'),
    ).toBeLessThan(manifests[1]);
    expect(storage.manifest('clip.mp4')).toMatchObject({
      ladder: 'final',
      sourceEtag: '"v1"',
    });
  });

  it('skips the early rendition when the codecs cannot be copied into fMP4 HLS', async () => {
    const { media, events, run } = setup();
    media.probeResult = aProbe({ videoCodec: 'mpeg4' });
    await run();
    expect(media.calls).not.toContain('remux');
    expect(events.readies.map((e) => e.ladder)).toEqual(['final']);
  });

  it('ends a file that is not a video as failed, with the reason, and publishes no ladder', async () => {
    const { storage, media, events, run } = setup();
    media.probeResult = new UnplayableSourceError(
      'NOT_A_VIDEO',
      'not a readable video: Invalid data',
    );
    await expect(run()).resolves.toBe('failed');
    expect(events.failures).toEqual([
      expect.objectContaining({
        videoKey: 'clip.mp4',
        code: 'NOT_A_VIDEO',
        message: 'not a readable video: Invalid data',
      }),
    ]);
    expect(storage.writes).toEqual(['hls/clip.mp4/failed.json']);
  });

  it('does not transcode a redelivered upload twice: it repeats the outcome', async () => {
    const { media, events, observer, run } = setup();
    await run();
    media.calls.length = 0;
    await expect(run()).resolves.toBe('skipped');
    expect(media.calls).toEqual([]);
    expect(events.readies.map((e) => e.ladder)).toEqual([
      'early',
      'final',
      'final',
    ]);
    expect(observer.outcomes).toEqual(['ready', 'skipped']);
  });

  it('transcodes again when the key was uploaded anew (another ETag)', async () => {
    const { storage, media, run } = setup();
    await run();
    storage.sources.set('clip.mp4', { etag: '"v2"', size: 2_000_000 });
    media.calls.length = 0;
    await expect(run()).resolves.toBe('ready');
    expect(media.calls).toContain('ladder');
    expect(storage.manifest('clip.mp4')?.sourceEtag).toBe('"v2"');
  });

  it('stops at once when cancelled mid-ladder and publishes nothing more', async () => {
    const { storage, media, events, observer, run } = setup();
    media.probeResult = aProbe({ videoCodec: 'vp9' });
    media.holdLadder = true;
    const controller = new AbortController();
    const job = run(controller.signal);
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await expect(job).rejects.toThrow('transcode cancelled by shutdown');
    expect(storage.writes).toEqual([]);
    expect(events.readies).toEqual([]);
    expect(observer.outcomes).toEqual(['cancelled']);
  });

  it('lets a transient failure (S3 down) through, so the job is redone', async () => {
    const { storage, run } = setup();
    storage.headSource = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:4566');
    };
    await expect(run()).rejects.toThrow('ECONNREFUSED');
  });

  it('answers an upload whose object is gone with video-failed', async () => {
    const { storage, events, run } = setup();
    storage.sources.clear();
    await expect(run()).resolves.toBe('failed');
    expect(events.failures[0].code).toBe('SOURCE_NOT_FOUND');
  });
});
