import { z } from 'zod';
import type { SourceProbe } from '../../domain/source-probe';
import { UnplayableSourceError } from '../../domain/transcode.errors';

const stream = z.object({
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  profile: z.string().optional(),
  level: z.number().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  pix_fmt: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  r_frame_rate: z.string().optional(),
  duration: z.string().optional(),
  disposition: z.object({ attached_pic: z.number().optional() }).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  side_data_list: z
    .array(z.object({ rotation: z.number().optional() }).loose())
    .optional(),
});

const output = z.object({
  streams: z.array(stream.loose()).default([]),
  format: z
    .object({
      duration: z.string().optional(),
      format_name: z.string().optional(),
    })
    .loose()
    .optional(),
});

/** `ffprobe -print_format json -show_format -show_streams` -> what the ladder needs. */
export function parseFfprobeOutput(json: string): SourceProbe {
  let parsed: z.infer<typeof output>;
  try {
    parsed = output.parse(JSON.parse(json));
  } catch (error) {
    throw new UnplayableSourceError(
      'NOT_A_VIDEO',
      `ffprobe gave no usable description: ${(error as Error).message.slice(0, 200)}`,
    );
  }
  // A cover image in an audio file is a "video" stream of one picture: not a video.
  const video = parsed.streams.find(
    (s) => s.codec_type === 'video' && !s.disposition?.attached_pic,
  );
  if (!video)
    throw new UnplayableSourceError(
      'NO_VIDEO_STREAM',
      `the file has no video stream (${parsed.format?.format_name ?? 'unknown format'})`,
    );
  const audio = parsed.streams.find((s) => s.codec_type === 'audio');
  const rotation = rotationOf(video);
  const sideways = Math.abs(rotation) % 180 === 90;
  const width = video.width ?? 0;
  const height = video.height ?? 0;
  return {
    durationSeconds:
      seconds(parsed.format?.duration) ?? seconds(video.duration) ?? 0,
    width: sideways ? height : width,
    height: sideways ? width : height,
    frameRate: rate(video.avg_frame_rate) ?? rate(video.r_frame_rate) ?? 30,
    videoCodec: video.codec_name ?? 'unknown',
    videoProfile: video.profile ?? null,
    videoLevel: video.level ?? null,
    pixelFormat: video.pix_fmt ?? null,
    rotation,
    audioCodec: audio?.codec_name ?? null,
    audioProfile: audio?.profile ?? null,
  };
}

function rotationOf(video: z.infer<typeof stream>): number {
  const fromSideData = video.side_data_list?.find(
    (d) => typeof d.rotation === 'number',
  )?.rotation;
  const fromTag = Number(video.tags?.['rotate'] ?? 0);
  const r = fromSideData ?? (Number.isFinite(fromTag) ? fromTag : 0);
  return ((Math.round(r) % 360) + 360) % 360;
}

function seconds(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

function rate(value: string | undefined): number | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(value ?? '');
  if (!m || Number(m[2]) === 0) return undefined;
  const fps = Number(m[1]) / Number(m[2]);
  return fps > 0 && fps < 1000 ? fps : undefined;
}
