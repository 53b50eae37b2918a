/** One rung of the ladder: an encoded rendition. Bit rates in bits per second. */
export interface Rung {
  name: string;
  width: number;
  height: number;
  videoBitrate: number;
  /** The VBV ceiling the encoder is held to; with the audio it is the playlist's BANDWIDTH. */
  maxVideoBitrate: number;
  audioBitrate: number;
}

export const STANDARD_HEIGHTS = [360, 720, 1080] as const;

/** H.264 at these presets needs ~0.08 bit per pixel at 30 fps for a clean picture (BENCHMARKS.md). */
const BITS_PER_PIXEL = 0.08;
/** A source height this close above a standard rung adds nothing the rung does not give. */
const MIN_STEP = 1.2;

export interface LadderSource {
  width: number;
  height: number;
  frameRate: number;
}

/**
 * The standard heights up to the source's (never upscaled), capped at `maxHeight`, plus the
 * source's own height when it is well above the tallest standard rung below it. A source shorter
 * than the smallest standard rung gets one rung at its own size.
 */
export function planLadder(source: LadderSource, maxHeight: number): Rung[] {
  const top = even(Math.min(source.height, maxHeight));
  const heights: number[] = STANDARD_HEIGHTS.filter((h) => h <= top);
  const tallest = heights.at(-1);
  if (tallest === undefined || top >= tallest * MIN_STEP) heights.push(top);
  return heights.map((height) => rung(source, height));
}

function rung(source: LadderSource, height: number): Rung {
  const width = even((source.width * height) / source.height);
  // Motion above 30 fps costs bits, but far less than proportionally.
  const motion = source.frameRate > 31 ? 1.5 : 1;
  const videoBitrate = roundTo(
    width * height * 30 * BITS_PER_PIXEL * motion,
    10_000,
  );
  return {
    name: `${height}p`,
    width,
    height,
    videoBitrate,
    maxVideoBitrate: Math.round(videoBitrate * 1.1),
    audioBitrate: height <= 360 ? 96_000 : 128_000,
  };
}

function even(n: number): number {
  return Math.max(2, Math.round(n / 2) * 2);
}

function roundTo(n: number, step: number): number {
  return Math.max(step, Math.round(n / step) * step);
}
