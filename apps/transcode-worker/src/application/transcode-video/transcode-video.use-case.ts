import { Inject, Injectable, Logger } from '@nestjs/common';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MEDIA_ENCODER,
  MEDIA_PROBER,
  type MediaEncoder,
  type MediaProber,
} from '../../domain/media-toolkit.port';
import { assessSource } from '../../domain/source-assessment';
import { canRemuxWithoutEncoding } from '../../domain/source-probe';
import {
  JobCancelledError,
  UnplayableSourceError,
} from '../../domain/transcode.errors';
import {
  TRANSCODE_OBSERVER,
  type JobOutcome,
  type TranscodeObserver,
} from '../../domain/transcode-observer.port';
import { VIDEO_EVENTS, type VideoEvents } from '../../domain/video-events.port';
import {
  finalOutcomeFor,
  type FailureRecord,
  type ReadyManifest,
  type SourceIdentity,
} from '../../domain/video-manifest';
import {
  VIDEO_STORAGE,
  type VideoStorage,
} from '../../domain/video-storage.port';
import { announce } from './outcome-notices';
import { failureRecord } from './publication';
import {
  earlyRendition,
  fullLadder,
  preparePoster,
  type StepContext,
  type StepDeps,
} from './rendition-steps';
import {
  TRANSCODE_SETTINGS,
  type TranscodeJob,
  type TranscodeSettings,
} from './transcode-settings';

/**
 * video-uploaded -> an HLS ladder in S3: probe, a poster, an early remuxed rendition when the codecs
 * allow, the encoded ladder, the master, and the manifest last of all. A source that can never play
 * ends as video-failed; anything else (S3 or Kafka down, shutdown) throws and the job is redone.
 */
@Injectable()
export class TranscodeVideoUseCase {
  private readonly logger = new Logger('transcode');
  private readonly deps: StepDeps;

  constructor(
    @Inject(VIDEO_STORAGE) private readonly storage: VideoStorage,
    @Inject(MEDIA_PROBER) private readonly prober: MediaProber,
    @Inject(MEDIA_ENCODER) encoder: MediaEncoder,
    @Inject(VIDEO_EVENTS) private readonly events: VideoEvents,
    @Inject(TRANSCODE_OBSERVER) private readonly observer: TranscodeObserver,
    @Inject(TRANSCODE_SETTINGS) private readonly settings: TranscodeSettings,
  ) {
    this.deps = { storage, encoder, observer, settings };
  }

  async execute(job: TranscodeJob, signal: AbortSignal): Promise<JobOutcome> {
    const started = Date.now();
    const seconds = () => (Date.now() - started) / 1000;
    try {
      const outcome = await this.run(job, signal, started);
      this.observer.finished(job.videoKey, outcome, seconds());
      return outcome;
    } catch (error) {
      const cancelled = signal.aborted || error instanceof JobCancelledError;
      this.observer.finished(
        job.videoKey,
        cancelled ? 'cancelled' : 'error',
        seconds(),
      );
      throw cancelled ? new JobCancelledError() : error;
    }
  }

  private async run(
    job: TranscodeJob,
    signal: AbortSignal,
    started: number,
  ): Promise<JobOutcome> {
    const source = await this.storage.headSource(job.videoKey);
    if (!source) {
      // Nothing to record a failure against (no ETag): the answer is the event alone.
      await this.events.failed({
        videoKey: job.videoKey,
        code: 'SOURCE_NOT_FOUND',
        message:
          'no object with this key in the bucket (deleted after its upload?)',
        sourceEventId: job.sourceEventId,
        traceparent: job.traceparent,
      });
      return 'failed';
    }
    const done = finalOutcomeFor(
      await this.storage.readPublication(job.videoKey),
      source,
    );
    if (done) {
      await announce(this.events, done, job);
      return 'skipped';
    }
    await mkdir(this.settings.workDir, { recursive: true });
    const work = await mkdtemp(join(this.settings.workDir, 'transcode-'));
    try {
      return await this.transcode(job, source, work, signal, started);
    } catch (error) {
      if (!(error instanceof UnplayableSourceError) || signal.aborted)
        throw error;
      await this.commit(
        failureRecord(job.videoKey, source, error.code, error.message),
        job,
        signal,
      );
      return 'failed';
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private async transcode(
    job: TranscodeJob,
    source: SourceIdentity,
    work: string,
    signal: AbortSignal,
    started: number,
  ): Promise<JobOutcome> {
    const file = join(work, 'source');
    this.observer.phase(job.videoKey, 'download');
    await this.storage.downloadSource(job.videoKey, file, signal);
    this.observer.phase(job.videoKey, 'probe');
    const probe = await this.prober.probe(file, signal);
    assessSource(probe, {
      maxDurationSeconds: this.settings.maxDurationSeconds,
    });
    const base = { job, source, work, file, probe, signal };
    const ctx: StepContext = {
      ...base,
      poster: await preparePoster(this.deps, base),
    };
    if (canRemuxWithoutEncoding(probe)) await this.early(ctx, started);
    await this.commit(await fullLadder(this.deps, ctx), job, signal);
    return 'ready';
  }

  /** Best effort: a source the muxer cannot repackage still gets its ladder, only later. */
  private async early(ctx: StepContext, started: number) {
    try {
      await this.commit(
        await earlyRendition(this.deps, ctx),
        ctx.job,
        ctx.signal,
      );
      this.observer.earlyPlayable(
        ctx.job.videoKey,
        (Date.now() - started) / 1000,
      );
    } catch (error) {
      if (!(error instanceof UnplayableSourceError) || ctx.signal.aborted)
        throw error;
      this.logger.warn(
        { video: ctx.job.videoKey, reason: error.message },
        `no early rendition, the ladder follows: ${error.message}`,
      );
    }
  }

  /** manifest.json or failed.json is the commit point; the event follows (repeated on redelivery). */
  private async commit(
    outcome: ReadyManifest | FailureRecord,
    job: TranscodeJob,
    signal: AbortSignal,
  ) {
    if (signal.aborted) throw new JobCancelledError();
    if (outcome.state === 'failed')
      await this.storage.writeFailure(outcome, signal);
    else await this.storage.writeManifest(outcome, signal);
    await announce(this.events, outcome, job);
  }
}
