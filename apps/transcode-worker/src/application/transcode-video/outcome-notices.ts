import type { VideoEvents } from '../../domain/video-events.port';
import type { FailureRecord, ReadyManifest } from '../../domain/video-manifest';
import type { TranscodeJob } from './transcode-settings';

/** Tells the other services what was published: video-ready (early or final) or video-failed. */
export async function announce(
  events: VideoEvents,
  outcome: ReadyManifest | FailureRecord,
  job: TranscodeJob,
): Promise<void> {
  const origin = {
    sourceEventId: job.sourceEventId,
    traceparent: job.traceparent,
  };
  if (outcome.state === 'failed') {
    await events.failed({
      videoKey: outcome.videoKey,
      code: outcome.reason.code,
      message: outcome.reason.message,
      ...origin,
    });
    return;
  }
  await events.ready({
    videoKey: outcome.videoKey,
    ladder: outcome.ladder,
    durationSeconds: outcome.durationSeconds,
    renditions: outcome.renditions,
    masterPlaylistKey: outcome.masterPlaylistKey,
    posterKey: outcome.posterKey,
    ...origin,
  });
}
