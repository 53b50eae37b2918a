import type { Rung } from './rendition-ladder';
import type { SourceProbe } from './source-probe';

export const MEDIA_PROBER = Symbol('MEDIA_PROBER');
export const MEDIA_ENCODER = Symbol('MEDIA_ENCODER');

export interface MediaProber {
  /** Throws UnplayableSourceError when the file is not a video ffprobe can read. */
  probe(file: string, signal: AbortSignal): Promise<SourceProbe>;
}

/** Fraction done (0..1) of the step in progress. */
export type ProgressListener = (fraction: number) => void;

export interface HlsOptions {
  segmentSeconds: number;
  durationSeconds: number;
  onProgress?: ProgressListener;
}

/** Every output is an fMP4 HLS media playlist `index.m3u8` with `init.mp4` and `seg-NNNNN.m4s`. */
export interface MediaEncoder {
  /** Repackages the source's own streams, no re-encode: `<outDir>/index.m3u8`. */
  remux(
    source: string,
    outDir: string,
    options: HlsOptions,
    signal: AbortSignal,
  ): Promise<void>;
  /** Encodes every rung in one pass over the source: `<outDir>/<rung.name>/index.m3u8`. */
  encodeLadder(
    source: string,
    rungs: Rung[],
    hasAudio: boolean,
    outDir: string,
    options: HlsOptions,
    signal: AbortSignal,
  ): Promise<void>;
  /** One JPEG frame at `atSeconds`, no wider than the source and at most 1280 wide. */
  poster(
    source: string,
    outFile: string,
    atSeconds: number,
    signal: AbortSignal,
  ): Promise<void>;
  /** Whether the encoder's binaries run (readiness). */
  available(): Promise<boolean>;
}
