import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  HlsOptions,
  MediaEncoder,
  MediaProber,
} from '../domain/media-toolkit.port';
import type { Rung } from '../domain/rendition-ladder';
import type { SourceProbe } from '../domain/source-probe';
import type {
  JobOutcome,
  TranscodeObserver,
} from '../domain/transcode-observer.port';
import type {
  VideoEvents,
  VideoFailedNotice,
  VideoReadyNotice,
} from '../domain/video-events.port';
import type {
  FailureRecord,
  Publication,
  ReadyManifest,
  SourceIdentity,
} from '../domain/video-manifest';
import type { VideoStorage } from '../domain/video-storage.port';

/** An in-memory bucket: the sources' identities, and every object published, in order. */
export class FakeStorage implements VideoStorage {
  readonly sources = new Map<string, SourceIdentity>();
  readonly objects = new Map<string, Buffer | string>();
  readonly writes: string[] = [];

  async headSource(key: string) {
    return this.sources.get(key) ?? null;
  }
  async downloadSource(_key: string, toFile: string) {
    await writeFile(toFile, 'source bytes');
  }
  async readPublication(key: string): Promise<Publication> {
    const read = (name: string) => {
      const body = this.objects.get(this.publishedKey(key, name));
      return body === undefined ? null : JSON.parse(body.toString());
    };
    return { manifest: read('manifest.json'), failure: read('failed.json') };
  }
  async publishDirectory(key: string, _dir: string, subdir: string) {
    return [
      await this.publishFile(key, `${subdir}/init.mp4`, 'init'),
      await this.publishFile(key, `${subdir}/index.m3u8`, '#EXTM3U'),
    ];
  }
  async publishFile(key: string, name: string, body: Buffer | string) {
    const target = this.publishedKey(key, name);
    this.objects.set(target, body);
    this.writes.push(target);
    return target;
  }
  publishedKey(key: string, name: string) {
    return `hls/${key}/${name}`;
  }
  async writeManifest(manifest: ReadyManifest) {
    await this.publishFile(
      manifest.videoKey,
      'manifest.json',
      JSON.stringify(manifest),
    );
  }
  async writeFailure(failure: FailureRecord) {
    await this.publishFile(
      failure.videoKey,
      'failed.json',
      JSON.stringify(failure),
    );
  }
  manifest(key: string): ReadyManifest | undefined {
    const body = this.objects.get(this.publishedKey(key, 'manifest.json'));
    return body === undefined ? undefined : JSON.parse(body.toString());
  }
}

/** Writes tiny files where ffmpeg would, and records what it was asked to do. */
export class FakeMedia implements MediaProber, MediaEncoder {
  probeResult: SourceProbe | Error = aProbe();
  failLadderWith: Error | undefined;
  /** Resolves when the ladder starts; the ladder then waits for `release` (or an abort). */
  holdLadder = false;
  readonly calls: string[] = [];
  ladderRungs: Rung[] = [];

  async probe() {
    this.calls.push('probe');
    if (this.probeResult instanceof Error) throw this.probeResult;
    return this.probeResult;
  }
  async remux(_s: string, outDir: string) {
    this.calls.push('remux');
    await mkdir(outDir, { recursive: true });
  }
  async encodeLadder(
    _s: string,
    rungs: Rung[],
    _a: boolean,
    outDir: string,
    options: HlsOptions,
    signal: AbortSignal,
  ) {
    this.calls.push('ladder');
    this.ladderRungs = rungs;
    options.onProgress?.(0.5);
    if (this.holdLadder)
      await new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(new Error('killed'))),
      );
    if (this.failLadderWith) throw this.failLadderWith;
    for (const r of rungs)
      await mkdir(join(outDir, r.name), { recursive: true });
  }
  async poster(_s: string, outFile: string) {
    this.calls.push('poster');
    await writeFile(outFile, 'jpeg');
  }
  async available() {
    return true;
  }
}

export class RecordingEvents implements VideoEvents {
  readonly readies: VideoReadyNotice[] = [];
  readonly failures: VideoFailedNotice[] = [];
  async ready(notice: VideoReadyNotice) {
    this.readies.push(notice);
  }
  async failed(notice: VideoFailedNotice) {
    this.failures.push(notice);
  }
}

export class RecordingObserver implements TranscodeObserver {
  readonly outcomes: JobOutcome[] = [];
  readonly fractions: number[] = [];
  phase() {
    // steps are not what these specs check
  }
  progress(_key: string, _phase: string, fraction: number) {
    this.fractions.push(fraction);
  }
  earlyPlayable() {
    // timing is not what these specs check
  }
  finished(_key: string, outcome: JobOutcome) {
    this.outcomes.push(outcome);
  }
}

export function aProbe(overrides: Partial<SourceProbe> = {}): SourceProbe {
  return {
    durationSeconds: 12,
    width: 1280,
    height: 720,
    frameRate: 30,
    videoCodec: 'h264',
    videoProfile: 'High',
    videoLevel: 31,
    pixelFormat: 'yuv420p',
    rotation: 0,
    audioCodec: 'aac',
    audioProfile: 'LC',
    ...overrides,
  };
}
