import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.jpg': 'image/jpeg',
  '.json': 'application/json',
};

/** The type a player expects for each file of an HLS publication. */
export function contentTypeOf(name: string): string {
  return TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Playlists and the manifest change when a video is re-uploaded or its ladder completes: always
 * revalidated. Segments keep their names across a re-transcode, so they are cached only briefly.
 */
export function cacheControlOf(name: string): string {
  return /\.(m3u8|json)$/i.test(name) ? 'no-cache' : 'public, max-age=300';
}
