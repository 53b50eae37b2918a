import type {
  FailureRecord,
  Publication,
  ReadyManifest,
  SourceIdentity,
} from './video-manifest';

export const VIDEO_STORAGE = Symbol('VIDEO_STORAGE');

/** The bucket: the uploaded source, and the prefix where its renditions are published. */
export interface VideoStorage {
  /** The source's identity now, or null when no object has this key. */
  headSource(key: string): Promise<SourceIdentity | null>;
  /** Copies the source to a local file (ffmpeg seeks in it several times). */
  downloadSource(
    key: string,
    toFile: string,
    signal: AbortSignal,
  ): Promise<void>;
  /** manifest.json and failed.json as they are now (unreadable ones count as absent). */
  readPublication(key: string): Promise<Publication>;
  /** Uploads every file under `localDir` to `<prefix><key>/<subdir>/...`; returns the keys. */
  publishDirectory(
    key: string,
    localDir: string,
    subdir: string,
    signal: AbortSignal,
  ): Promise<string[]>;
  /** Writes one object under the video's prefix and returns its full key. */
  publishFile(
    key: string,
    name: string,
    body: Buffer | string,
    signal: AbortSignal,
  ): Promise<string>;
  /** The full key of a file under the video's prefix. */
  publishedKey(key: string, name: string): string;
  /** The commit point of a playable publication: written last. */
  writeManifest(manifest: ReadyManifest, signal: AbortSignal): Promise<void>;
  /** The commit point of a failure: written last. */
  writeFailure(failure: FailureRecord, signal: AbortSignal): Promise<void>;
}
