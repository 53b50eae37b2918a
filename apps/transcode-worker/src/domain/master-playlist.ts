import type { PublishedRendition } from './video-manifest';

/**
 * The HLS master playlist: one EXT-X-STREAM-INF per rendition, lowest first, with URIs relative to
 * the master (`360p/index.m3u8`) so that a delivery layer can sign or rewrite them per request.
 */
export function masterPlaylist(
  renditions: Array<PublishedRendition & { uri: string }>,
): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const r of [...renditions].sort((a, b) => a.bandwidth - b.bandwidth)) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},RESOLUTION=${r.width}x${r.height},CODECS="${r.codecs}"`,
      r.uri,
    );
  }
  return lines.join('\n') + '\n';
}

/** RFC 6381 codec string of an H.264 stream (`avc1.PPCCLL`), from ffprobe's profile name and level. */
export function avcCodecString(
  profile: string | null,
  level: number | null,
): string {
  const profiles: Record<string, string> = {
    'Constrained Baseline': '42e0',
    Baseline: '4200',
    Main: '4d40',
    High: '6400',
  };
  const p = profiles[profile ?? ''] ?? '6400';
  const l = (level && level > 0 ? level : 40).toString(16).padStart(2, '0');
  return `avc1.${p}${l}`;
}

/** The CODECS attribute: the video's, plus AAC-LC (or HE-AAC when ffprobe says so) when there is audio. */
export function codecs(
  video: string,
  audio: { profile: string | null } | null,
): string {
  if (!audio) return video;
  return `${video},${audio.profile === 'HE-AAC' ? 'mp4a.40.5' : 'mp4a.40.2'}`;
}
