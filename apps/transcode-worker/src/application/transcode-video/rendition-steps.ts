import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  avcCodecString,
  codecs as codecsOf,
} from '../../domain/master-playlist';
import type { HlsOptions, MediaEncoder } from '../../domain/media-toolkit.port';
import { planLadder } from '../../domain/rendition-ladder';
import type { SourceProbe } from '../../domain/source-probe';
import type { TranscodeObserver } from '../../domain/transcode-observer.port';
import type {
  ReadyManifest,
  SourceIdentity,
} from '../../domain/video-manifest';
import type { VideoStorage } from '../../domain/video-storage.port';
import {
  readyManifest,
  publishRenditions,
  type LocalRendition,
} from './publication';
import type { TranscodeJob, TranscodeSettings } from './transcode-settings';

/** The x264 profile and level every encoded rung is held to (see the encoder's arguments). */
export const LADDER_VIDEO_CODEC = avcCodecString('High', 41);

export interface StepDeps {
  storage: VideoStorage;
  encoder: MediaEncoder;
  observer: TranscodeObserver;
  settings: TranscodeSettings;
}

export interface StepContext {
  job: TranscodeJob;
  source: SourceIdentity;
  /** The job's scratch directory; the source is at `<work>/source`. */
  work: string;
  file: string;
  probe: SourceProbe;
  signal: AbortSignal;
  /** Uploads the poster (once) and gives its key. */
  poster: () => Promise<string>;
}

/**
 * One JPEG, a tenth in (at most 5 s: past a black first frame, quick to seek to), made at once but
 * uploaded only with the first publication, so that a job stopped before it leaves nothing behind.
 */
export async function preparePoster(
  deps: StepDeps,
  ctx: Omit<StepContext, 'poster'>,
): Promise<() => Promise<string>> {
  const local = join(ctx.work, 'poster.jpg');
  const at = Math.min(ctx.probe.durationSeconds * 0.1, 5);
  await deps.encoder.poster(ctx.file, local, at, ctx.signal);
  let uploaded: Promise<string> | undefined;
  return () =>
    (uploaded ??= readFile(local).then((body) =>
      deps.storage.publishFile(
        ctx.job.videoKey,
        'poster.jpg',
        body,
        ctx.signal,
      ),
    ));
}

/** The source's own streams repackaged as fMP4 HLS (no encode): playable seconds after upload. */
export async function earlyRendition(
  deps: StepDeps,
  ctx: StepContext,
): Promise<ReadyManifest> {
  const { job, probe, signal } = ctx;
  deps.observer.phase(job.videoKey, 'early');
  const dir = join(ctx.work, 'copy');
  // Not `<height>p`: the final rung of that height must not overwrite what early players fetch.
  const name = `${probe.height}p-copy`;
  await deps.encoder.remux(
    ctx.file,
    dir,
    hlsOptions(deps, ctx, 'early'),
    signal,
  );
  const averageBitrate =
    (ctx.source.size * 8) / Math.max(probe.durationSeconds, 0.001);
  const rendition: LocalRendition = {
    name,
    dir,
    width: probe.width,
    height: probe.height,
    // The source's own rate, with headroom for its peaks.
    bandwidth: Math.round(averageBitrate * 1.2),
    codecs: codecsOf(
      avcCodecString(probe.videoProfile, probe.videoLevel),
      probe.audioCodec ? { profile: probe.audioProfile } : null,
    ),
  };
  const published = await publishRenditions(
    deps.storage,
    job.videoKey,
    [rendition],
    signal,
  );
  return readyManifest(job.videoKey, ctx.source, probe, 'early', {
    ...published,
    posterKey: await ctx.poster(),
  });
}

/** Every rung encoded in one ffmpeg pass (one decode of the source), then published. */
export async function fullLadder(
  deps: StepDeps,
  ctx: StepContext,
): Promise<ReadyManifest> {
  const { job, probe, signal } = ctx;
  deps.observer.phase(job.videoKey, 'ladder');
  const rungs = planLadder(probe, deps.settings.maxHeight);
  const dir = join(ctx.work, 'ladder');
  const hasAudio = probe.audioCodec !== null;
  const options = hlsOptions(deps, ctx, 'ladder');
  await deps.encoder.encodeLadder(
    ctx.file,
    rungs,
    hasAudio,
    dir,
    options,
    signal,
  );
  deps.observer.phase(job.videoKey, 'publish');
  const renditions: LocalRendition[] = rungs.map((r) => ({
    name: r.name,
    dir: join(dir, r.name),
    width: r.width,
    height: r.height,
    bandwidth: r.maxVideoBitrate + (hasAudio ? r.audioBitrate : 0),
    codecs: codecsOf(LADDER_VIDEO_CODEC, hasAudio ? { profile: 'LC' } : null),
  }));
  const published = await publishRenditions(
    deps.storage,
    job.videoKey,
    renditions,
    signal,
  );
  return readyManifest(job.videoKey, ctx.source, probe, 'final', {
    ...published,
    posterKey: await ctx.poster(),
  });
}

function hlsOptions(
  deps: StepDeps,
  ctx: StepContext,
  phase: 'early' | 'ladder',
): HlsOptions {
  return {
    segmentSeconds: deps.settings.segmentSeconds,
    durationSeconds: ctx.probe.durationSeconds,
    onProgress: (fraction) =>
      deps.observer.progress(ctx.job.videoKey, phase, fraction),
  };
}
