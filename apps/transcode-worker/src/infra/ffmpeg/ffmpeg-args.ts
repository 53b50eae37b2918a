import { join } from 'node:path';
import type { Rung } from '../../domain/rendition-ladder';

export interface HlsArgsOptions {
  segmentSeconds: number;
}

const COMMON = ['-hide_banner', '-nostdin', '-v', 'error', '-y'];
const PROGRESS = ['-progress', 'pipe:1', '-nostats'];

/** fMP4 HLS VOD output into `dir`: index.m3u8, init.mp4, seg-00000.m4s... */
export function hlsOutput(dir: string, options: HlsArgsOptions): string[] {
  return [
    '-f',
    'hls',
    '-hls_time',
    String(options.segmentSeconds),
    '-hls_playlist_type',
    'vod',
    '-hls_segment_type',
    'fmp4',
    '-hls_fmp4_init_filename',
    'init.mp4',
    '-hls_segment_filename',
    join(dir, 'seg-%05d.m4s'),
    '-hls_flags',
    'independent_segments',
    join(dir, 'index.m3u8'),
  ];
}

/** The source's first video and audio streams, repackaged without decoding. */
export function remuxArgs(
  source: string,
  dir: string,
  options: HlsArgsOptions,
): string[] {
  return [
    ...COMMON,
    '-i',
    source,
    '-map',
    '0:v:0',
    '-map',
    '0:a:0?',
    '-c',
    'copy',
    ...hlsOutput(dir, options),
    ...PROGRESS,
  ];
}

export interface LadderArgsOptions extends HlsArgsOptions {
  preset: string;
  hasAudio: boolean;
}

/**
 * One decode, one scaler per rung, one x264 per rung. Key frames are forced on every segment
 * boundary (and scene cuts cannot add others), so every rung's segments start at the same
 * instants and a player can switch rungs at any segment.
 */
export function ladderArgs(
  source: string,
  rungs: Rung[],
  outDir: string,
  options: LadderArgsOptions,
): string[] {
  const split = `[0:v]split=${rungs.length}${rungs.map((_, i) => `[s${i}]`).join('')}`;
  const scales = rungs.map(
    (r, i) =>
      `[s${i}]scale=${r.width}:${r.height}:flags=bicubic,format=yuv420p[v${i}]`,
  );
  const args = [
    ...COMMON,
    '-i',
    source,
    '-filter_complex',
    [split, ...scales].join(';'),
  ];
  rungs.forEach((r, i) => {
    args.push(
      '-map',
      `[v${i}]`,
      ...(options.hasAudio ? ['-map', '0:a:0'] : []),
      '-c:v',
      'libx264',
      '-preset',
      options.preset,
      '-profile:v',
      'high',
      '-level:v',
      '4.1',
      '-b:v',
      String(r.videoBitrate),
      '-maxrate',
      String(r.maxVideoBitrate),
      '-bufsize',
      String(r.maxVideoBitrate * 2),
      '-force_key_frames',
      `expr:gte(t,n_forced*${options.segmentSeconds})`,
      '-sc_threshold',
      '0',
      ...(options.hasAudio
        ? ['-c:a', 'aac', '-b:a', String(r.audioBitrate), '-ac', '2']
        : []),
      ...hlsOutput(join(outDir, r.name), options),
    );
  });
  return [...args, ...PROGRESS];
}

/** One frame as JPEG, at most 1280 wide (never enlarged). */
export function posterArgs(
  source: string,
  outFile: string,
  atSeconds: number,
): string[] {
  return [
    ...COMMON,
    '-ss',
    atSeconds.toFixed(3),
    '-i',
    source,
    '-frames:v',
    '1',
    '-vf',
    "scale='min(1280,iw)':-2",
    '-q:v',
    '3',
    outFile,
  ];
}

export function probeArgs(file: string): string[] {
  return [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    file,
  ];
}
