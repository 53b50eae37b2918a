import { DomainError } from '@video-streaming/core';
import { renditionPrefix, type RenditionPath } from './rendition-path';
import { VideoErrorCode } from './video.errors';

/** S3 allows 1024 bytes; we keep a margin for prefixes a deployment may add. */
export const VIDEO_KEY_MAX_BYTES = 512;

/**
 * Prefixes of objects the service derives from videos, in the same bucket: the HLS ladders the
 * transcode-worker writes (`hls/<key>/...`), the resumable uploads in progress and the event outbox. A video named
 * under one of them could overwrite another video's renditions.
 */
export const RESERVED_KEY_PREFIXES = ['hls/', '.uploads/', '.outbox/'] as const;

/** Events kept until Kafka acknowledged them (ADR 0030), under a reserved prefix. */
export const OUTBOX_PREFIX = '.outbox/';

/**
 * Objects of the bucket that are not videos: what the service derives (reserved prefixes) and
 * S3Proxy's multipart bookkeeping (`.mpus-<uuid>-<key>-stub` while an upload is in progress).
 */
export function isDerivedObjectKey(key: string): boolean {
  return (
    RESERVED_KEY_PREFIXES.some((p) => key.startsWith(p)) ||
    key.startsWith('.mpus-')
  );
}

export class InvalidVideoKeyError extends DomainError {
  constructor(reason: string) {
    super(VideoErrorCode.invalidKey, `Invalid filename: ${reason}`);
  }
}

/**
 * The name of a video inside the bucket. Validated here, once, so that no caller can make the
 * service touch a key outside the videos namespace: no traversal segments, no absolute paths,
 * no backslashes (a Windows client's separator), no control characters, no encoded tricks.
 */
export class VideoKey {
  private constructor(readonly value: string) {}

  static parse(raw: unknown): VideoKey {
    if (typeof raw !== 'string' || raw.length === 0)
      throw new InvalidVideoKeyError('filename is required');
    if (Buffer.byteLength(raw, 'utf8') > VIDEO_KEY_MAX_BYTES)
      throw new InvalidVideoKeyError(
        `longer than ${VIDEO_KEY_MAX_BYTES} bytes`,
      );
    // Express has already percent-decoded the query once; a '%xx' left over is either bytes that
    // are not UTF-8 (the strict query parser keeps those encoded) or double encoding.
    if (/%[0-9a-f]{2}/i.test(raw))
      throw new InvalidVideoKeyError(
        isUtf8Encoded(raw)
          ? 'percent-encoded sequences are not allowed'
          : 'not valid UTF-8',
      );
    // U+FFFD is what a lenient decoder leaves of invalid bytes; a lone surrogate cannot be stored.
    if (raw.includes('\uFFFD') || Buffer.from(raw, 'utf8').toString() !== raw)
      throw new InvalidVideoKeyError('not valid UTF-8');
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f-\u009f]/.test(raw))
      throw new InvalidVideoKeyError('control characters are not allowed');
    if (raw.includes('\\'))
      throw new InvalidVideoKeyError('backslashes are not allowed');
    if (raw.startsWith('/'))
      throw new InvalidVideoKeyError('absolute paths are not allowed');
    if (raw.normalize('NFC') !== raw)
      throw new InvalidVideoKeyError('must be NFC-normalised Unicode');
    const segments = raw.split('/');
    if (segments.some((s) => s === '..' || s === '.'))
      throw new InvalidVideoKeyError(
        '"." and ".." path segments are not allowed',
      );
    if (segments.some((s) => s.length === 0))
      throw new InvalidVideoKeyError('empty path segments are not allowed');
    // Bidirectional overrides make `video\u202Egpj.mp4` display as `videomp4.jpg`.
    if (/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/.test(raw))
      throw new InvalidVideoKeyError(
        'bidirectional control characters are not allowed',
      );
    const reserved = RESERVED_KEY_PREFIXES.find((p) => raw.startsWith(p));
    if (reserved)
      throw new InvalidVideoKeyError(
        `the prefix ${reserved} is reserved for renditions and uploads in progress`,
      );
    if (/[\uFF0E\u2024\uFE52\u2215\u2044\uFF0F\uFF3C]/.test(raw))
      throw new InvalidVideoKeyError(
        'look-alike dots or slashes are not allowed',
      );
    return new VideoKey(raw);
  }

  /**
   * The object of one rendition file of a video (`hls/<key>/<path>`): a reserved key that only
   * this constructor can make, from an already valid key and a validated path.
   */
  static ofRendition(video: VideoKey, path: RenditionPath): VideoKey {
    return new VideoKey(`${renditionPrefix(video.value)}${path.value}`);
  }

  toString(): string {
    return this.value;
  }
}

function isUtf8Encoded(raw: string): boolean {
  try {
    decodeURIComponent(raw);
    return true;
  } catch {
    return false;
  }
}
