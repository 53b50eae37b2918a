import { DomainError } from '@video-streaming/core';
import { VideoErrorCode } from './video.errors';

/**
 * The file names a player may ask for inside a video's HLS prefix (the layout agreed with the
 * transcode-worker): the master playlist, the poster, and per rendition folder (`720p`,
 * `1080p-copy`, ...) its playlist, init segment and media segments. Nothing else, and never a
 * `..`, a second level or a query: the path is joined to an S3 key.
 */
const RENDITION_PATH =
  /^(master\.m3u8|poster\.jpg|[a-z0-9-]{1,32}\/(index\.m3u8|init\.mp4|[A-Za-z0-9_-]{1,64}\.(m4s|mp4)))$/;

export class RenditionPath {
  private constructor(readonly value: string) {}

  static parse(raw: unknown): RenditionPath {
    if (typeof raw !== 'string' || !RENDITION_PATH.test(raw))
      throw new DomainError(VideoErrorCode.notFound, 'No such rendition file');
    return new RenditionPath(raw);
  }

  get isPlaylist(): boolean {
    return this.value.endsWith('.m3u8');
  }
}

/** The S3 prefix of a video's renditions (ARCHITECTURE.md, the layout agreed with the transcode-worker). */
export const renditionPrefix = (videoKey: string): string => `hls/${videoKey}/`;
