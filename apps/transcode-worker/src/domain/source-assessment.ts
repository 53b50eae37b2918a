import type { SourceProbe } from './source-probe';
import { UnplayableSourceError } from './transcode.errors';

export interface SourceLimits {
  maxDurationSeconds: number;
}

/** Refuses what probed as a container but cannot make a ladder; throws the reason the user sees. */
export function assessSource(probe: SourceProbe, limits: SourceLimits): void {
  if (!(probe.width > 0 && probe.height > 0))
    throw new UnplayableSourceError(
      'NO_VIDEO_STREAM',
      'the video stream has no picture size',
    );
  if (!(probe.durationSeconds > 0))
    throw new UnplayableSourceError(
      'SOURCE_EMPTY',
      'the source has no duration (no frames)',
    );
  if (probe.durationSeconds > limits.maxDurationSeconds)
    throw new UnplayableSourceError(
      'SOURCE_TOO_LONG',
      `the source lasts ${Math.round(probe.durationSeconds)} s, more than the ${limits.maxDurationSeconds} s allowed`,
    );
}
