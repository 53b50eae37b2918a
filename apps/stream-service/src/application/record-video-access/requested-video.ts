import {
  escapeRequestedName,
  INVALID_VIDEO_KEY_PLACEHOLDER,
} from '@video-streaming/contracts';
import { VideoKey } from '../../domain/video-key';

/** What an access event says about the video asked for: the key, or why there is none. */
export interface RequestedVideo {
  videoKey: string;
  /** Only when the name was not a valid key: escaped, or null when none was sent. */
  requestedName?: string | null;
  requestedNameTruncated?: boolean;
}

/**
 * A valid name is the event's videoKey; anything else (missing, hostile, too long, not UTF-8)
 * is recorded under INVALID_VIDEO_KEY_PLACEHOLDER with the name escaped, so the event stays
 * valid for every v1 consumer and a security review still sees what was asked for (ADR 0016).
 */
export function describeRequestedVideo(filename: unknown): RequestedVideo {
  try {
    return { videoKey: VideoKey.parse(filename).value };
  } catch {
    if (typeof filename !== 'string' || filename.length === 0)
      return { videoKey: INVALID_VIDEO_KEY_PLACEHOLDER, requestedName: null };
    const { name, truncated } = escapeRequestedName(filename);
    return {
      videoKey: INVALID_VIDEO_KEY_PLACEHOLDER,
      requestedName: name,
      requestedNameTruncated: truncated,
    };
  }
}
