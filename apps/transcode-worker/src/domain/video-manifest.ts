/**
 * What is published for one video (docs/architecture.md, S3 layout): `manifest.json` for a
 * playable ladder and `failed.json` for a source that can never play, each written last, after
 * every file it names, so that a reader never sees half a publication.
 */
export interface PublishedRendition {
  /** The rendition's folder under the video's prefix (`360p`, `1080p-copy`). */
  name: string;
  width: number;
  height: number;
  /** Peak bits per second, as in EXT-X-STREAM-INF BANDWIDTH. */
  bandwidth: number;
  codecs: string;
  /** Full S3 key of the rendition's media playlist. */
  playlistKey: string;
}

export interface SourceIdentity {
  etag: string;
  size: number;
}

export interface ReadyManifest {
  schemaVersion: 1;
  videoKey: string;
  state: 'ready';
  /** `early`: the remuxed source plays while the ladder is encoded; `final`: the full ladder. */
  ladder: 'early' | 'final';
  sourceEtag: string;
  durationSeconds: number;
  width: number;
  height: number;
  renditions: PublishedRendition[];
  masterPlaylistKey: string;
  posterKey: string | null;
  updatedAt: string;
}

export interface FailureRecord {
  schemaVersion: 1;
  videoKey: string;
  state: 'failed';
  sourceEtag: string;
  reason: { code: string; message: string };
  updatedAt: string;
}

export interface Publication {
  manifest: ReadyManifest | null;
  failure: FailureRecord | null;
}

/**
 * The final outcome already published for these bytes (same ETag), if any: a redelivered upload
 * only repeats it. A new upload under the same key (new ETag), or a job that got only as far as
 * its early rendition, is transcoded (again).
 */
export function finalOutcomeFor(
  publication: Publication,
  source: SourceIdentity,
): ReadyManifest | FailureRecord | null {
  const { manifest, failure } = publication;
  if (manifest?.sourceEtag === source.etag && manifest.ladder === 'final')
    return manifest;
  if (failure?.sourceEtag === source.etag) return failure;
  return null;
}
