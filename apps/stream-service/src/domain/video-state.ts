import type { HlsManifest, TranscodeFailure } from './rendition-catalogue.port';

export type VideoState =
  | { state: 'ready'; manifest: HlsManifest }
  | { state: 'failed'; reason: TranscodeFailure['reason'] }
  | { state: 'processing' };

/**
 * The state of a video from what the worker wrote (the layout agreed with it): what belongs to
 * another version of the source (its `sourceEtag` differs from the source's ETag) is ignored, so
 * a re-upload shows `processing` until its own transcode publishes. A manifest wins over a
 * failure: an early rendition that plays stays playable when the rest of the ladder failed.
 */
export function videoState(
  sourceEtag: string,
  manifest: HlsManifest | undefined,
  failure: TranscodeFailure | undefined,
): VideoState {
  const current = (etag: string | undefined) =>
    etag === undefined || etag === sourceEtag;
  if (
    manifest &&
    current(manifest.sourceEtag) &&
    manifest.renditions.length > 0
  )
    return { state: 'ready', manifest };
  if (failure && current(failure.sourceEtag))
    return { state: 'failed', reason: failure.reason };
  return { state: 'processing' };
}
