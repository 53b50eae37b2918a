import { DomainError } from '@video-streaming/platform';
import { VideoErrorCode } from '../../domain/video.errors';

export type PlaybackFormat = 'auto' | 'mp4';

/** `?format=` of the playback endpoint: absent or `auto`, or `mp4` for players without HLS. */
export function parsePlaybackFormat(raw: unknown): PlaybackFormat {
  if (raw === undefined || raw === 'auto') return 'auto';
  if (raw === 'mp4') return 'mp4';
  throw new DomainError(
    VideoErrorCode.invalidPlaybackFormat,
    'format must be auto or mp4',
  );
}
