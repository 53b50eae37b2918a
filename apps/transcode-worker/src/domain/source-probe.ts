/** What ffprobe found in a source, reduced to what the ladder and the early rendition need. */
export interface SourceProbe {
  durationSeconds: number;
  /** Display size: already swapped when the stream carries a 90/270 degree rotation. */
  width: number;
  height: number;
  frameRate: number;
  videoCodec: string;
  /** e.g. `High`, `Main`, `Constrained Baseline` (H.264 only). */
  videoProfile: string | null;
  /** H.264 level times ten (40 = 4.0). */
  videoLevel: number | null;
  pixelFormat: string | null;
  rotation: number;
  audioCodec: string | null;
  audioProfile: string | null;
}

/** Codecs an HLS fMP4 player (hls.js, Safari) plays as they are: no re-encode for the early rendition. */
export function canRemuxWithoutEncoding(probe: SourceProbe): boolean {
  const videoOk =
    probe.videoCodec === 'h264' &&
    (probe.pixelFormat === null || probe.pixelFormat === 'yuv420p') &&
    // A rotated stream would need the display matrix honoured by every player: re-encode instead.
    probe.rotation % 360 === 0;
  const audioOk = probe.audioCodec === null || probe.audioCodec === 'aac';
  return videoOk && audioOk;
}
