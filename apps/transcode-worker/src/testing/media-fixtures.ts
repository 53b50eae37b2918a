import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { makeTestVideo } from '@video-streaming/dev-stack';

/**
 * Small test sources made with ffmpeg's own test patterns (makeTestVideo of the dev-stack lib,
 * which the transcode bench uses too), so the tests need no binary fixtures. `codec` h264 gives an
 * early (remuxed) rendition; mpeg4 does not.
 */
export function makeSource(
  dir: string,
  name: string,
  o: {
    width: number;
    height: number;
    seconds: number;
    codec?: 'h264' | 'mpeg4';
  },
): string {
  return makeTestVideo(join(dir, name), o);
}

export interface ProbedStream {
  codec_type: string;
  width?: number;
  height?: number;
}

/** ffprobe of a playlist (master or media) and what it found: the streams and the duration. */
export function probe(file: string): {
  streams: ProbedStream[];
  duration: number;
} {
  const out = execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_streams',
      '-show_format',
      file,
    ],
    { encoding: 'utf8' },
  );
  const json = JSON.parse(out) as {
    streams: ProbedStream[];
    format: { duration?: string };
  };
  return { streams: json.streams, duration: Number(json.format.duration ?? 0) };
}

/** Decodes a playlist to the end: throws when a segment is missing or undecodable. */
export function decodeFully(playlist: string): void {
  execFileSync(
    'ffmpeg',
    ['-v', 'error', '-xerror', '-i', playlist, '-f', 'null', '-'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
}
