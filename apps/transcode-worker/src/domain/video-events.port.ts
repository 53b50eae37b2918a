import type { PublishedRendition } from './video-manifest';

export const VIDEO_EVENTS = Symbol('VIDEO_EVENTS');

/** What the upload event said about its origin, echoed in the answer. */
export interface NoticeOrigin {
  sourceEventId?: string;
  traceparent?: string;
}

export interface VideoReadyNotice extends NoticeOrigin {
  videoKey: string;
  ladder: 'early' | 'final';
  durationSeconds: number;
  renditions: PublishedRendition[];
  masterPlaylistKey: string;
  posterKey: string | null;
}

export interface VideoFailedNotice extends NoticeOrigin {
  videoKey: string;
  /** UPPER_SNAKE_CASE, stable (NOT_A_VIDEO, SOURCE_NOT_FOUND, TRANSCODE_FAILED...). */
  code: string;
  message: string;
}

/** video-ready and video-failed; a send that fails throws (the job is then redelivered). */
export interface VideoEvents {
  ready(notice: VideoReadyNotice): Promise<void>;
  failed(notice: VideoFailedNotice): Promise<void>;
}
