import { Inject, Injectable } from '@nestjs/common';
import { mkdir } from 'node:fs/promises';
import { APP_CONFIG, type WorkerConfig } from '../../config';
import type {
  HlsOptions,
  MediaEncoder,
  MediaProber,
} from '../../domain/media-toolkit.port';
import type { Rung } from '../../domain/rendition-ladder';
import type { SourceProbe } from '../../domain/source-probe';
import { UnplayableSourceError } from '../../domain/transcode.errors';
import { ladderArgs, posterArgs, probeArgs, remuxArgs } from './ffmpeg-args';
import { FfmpegProgressParser } from './ffmpeg-progress';
import { parseFfprobeOutput } from './ffprobe-output';
import { ProcessFailedError, runProcess } from './run-process';

const VERSION_CHECK_MS = 5_000;
const VERSION_CACHE_MS = 30_000;

/** Debian's ffmpeg and ffprobe, run as child processes (one per step). */
@Injectable()
export class FfmpegMediaToolkit implements MediaProber, MediaEncoder {
  private lastCheck: { at: number; result: Promise<boolean> } | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: WorkerConfig) {}

  async probe(file: string, signal: AbortSignal): Promise<SourceProbe> {
    try {
      const { stdout } = await runProcess(
        this.config.FFPROBE_PATH,
        probeArgs(file),
        {
          signal,
          timeoutMs: this.config.PROBE_TIMEOUT_MS,
        },
      );
      return parseFfprobeOutput(stdout);
    } catch (error) {
      // ffprobe refusing the file is the file's fault; ffprobe missing (ENOENT) is ours.
      if (error instanceof ProcessFailedError)
        throw new UnplayableSourceError(
          'NOT_A_VIDEO',
          `not a readable video: ${error.message.replace(/^.*?: /, '')}`,
        );
      throw error;
    }
  }

  async remux(
    source: string,
    outDir: string,
    options: HlsOptions,
    signal: AbortSignal,
  ) {
    await mkdir(outDir, { recursive: true });
    await this.ffmpeg(remuxArgs(source, outDir, options), options, signal);
  }

  async encodeLadder(
    source: string,
    rungs: Rung[],
    hasAudio: boolean,
    outDir: string,
    options: HlsOptions,
    signal: AbortSignal,
  ) {
    for (const r of rungs)
      await mkdir(`${outDir}/${r.name}`, { recursive: true });
    const args = ladderArgs(source, rungs, outDir, {
      ...options,
      hasAudio,
      preset: this.config.TRANSCODE_PRESET,
    });
    await this.ffmpeg(args, options, signal);
  }

  async poster(
    source: string,
    outFile: string,
    atSeconds: number,
    signal: AbortSignal,
  ) {
    await runProcess(
      this.config.FFMPEG_PATH,
      posterArgs(source, outFile, atSeconds),
      {
        signal,
      },
    );
  }

  /** Cached for a while: readiness probes every few seconds need not fork two processes each. */
  available(): Promise<boolean> {
    if (this.lastCheck && Date.now() - this.lastCheck.at < VERSION_CACHE_MS)
      return this.lastCheck.result;
    const result = this.runVersions();
    this.lastCheck = { at: Date.now(), result };
    return result;
  }

  private async runVersions(): Promise<boolean> {
    const signal = new AbortController().signal;
    try {
      for (const binary of [this.config.FFMPEG_PATH, this.config.FFPROBE_PATH])
        await runProcess(binary, ['-version'], {
          signal,
          timeoutMs: VERSION_CHECK_MS,
        });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * ffmpeg refusing a source that ffprobe accepted (corrupt frames mid-file, a codec it cannot
   * decode) would refuse it on every retry: a permanent failure. Killed by a signal (the kernel's
   * OOM killer) is not the source's fault: the job is retried.
   */
  private async ffmpeg(
    args: string[],
    options: HlsOptions,
    signal: AbortSignal,
  ) {
    const progress = new FfmpegProgressParser(options.durationSeconds, (f) =>
      options.onProgress?.(f),
    );
    try {
      await runProcess(this.config.FFMPEG_PATH, args, {
        signal,
        onStdout: (chunk) => progress.push(chunk),
      });
    } catch (error) {
      if (error instanceof ProcessFailedError && error.exitCode !== null)
        throw new UnplayableSourceError(
          'TRANSCODE_FAILED',
          `ffmpeg could not transcode the source: ${error.message.replace(/^.*?: /, '')}`,
        );
      throw error;
    }
  }
}
