import type { VideoKey } from './video-key';

/** One rung as the transcode-worker's manifest.json describes it. */
export interface RenditionInfo {
  height: number;
  width: number;
  bandwidth: number;
  codecs: string;
  playlistKey: string;
}

/** `hls/<key>/manifest.json`, written last by the worker: its presence means playable. */
export interface HlsManifest {
  ladder: 'early' | 'final';
  sourceEtag: string | undefined;
  durationSeconds: number;
  renditions: RenditionInfo[];
  masterPlaylistKey: string;
  posterKey: string | null;
}

/** `hls/<key>/failed.json`: the worker gave up on this source. */
export interface TranscodeFailure {
  sourceEtag: string | undefined;
  reason: { code: string; message: string };
}

/** What the transcode-worker published for a video, read from the bucket (never cached). */
export interface RenditionCatalogue {
  manifest(video: VideoKey): Promise<HlsManifest | undefined>;
  failure(video: VideoKey): Promise<TranscodeFailure | undefined>;
  /** Deletes every rendition object of a video (with the video). */
  removeAll(video: VideoKey): Promise<void>;
}
export const RENDITION_CATALOGUE = Symbol('RENDITION_CATALOGUE');
