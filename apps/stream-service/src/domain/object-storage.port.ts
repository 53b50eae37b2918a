import type { Readable } from 'node:stream';
import type { VideoKey } from './video-key';

/** What the storage knows about a stored video, enough for HTTP validators and ranges. */
export interface VideoMetadata {
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
  contentType: string | undefined;
  /** The subject that uploaded it (S3 user metadata `owner`); undefined when none was recorded. */
  owner: string | undefined;
}

/** An inclusive byte range, as in `Content-Range`. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface VideoListItem {
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
}

export interface VideoListPage {
  items: VideoListItem[];
  /** Opaque to clients: the application layer wraps the storage's token (list-query.ts). */
  nextCursor: string | null;
}

/** One page as the storage gives it, with its own continuation token. */
export interface StoragePage {
  items: VideoListItem[];
  nextToken: string | null;
}

export interface StoredVideo {
  key: string;
  size: number;
  etag: string;
}

/**
 * Where an edge gateway fetches an object itself (ADR 0021): the path and query of a short-lived
 * presigned GET, and the Host it is signed for. Range is not signed: one source serves any range.
 */
export interface EdgeSource {
  pathAndQuery: string;
  host: string;
}

/** The bucket of videos. Implementations map their own errors to VideoErrorCode domain errors. */
export interface ObjectStorage {
  head(key: VideoKey): Promise<VideoMetadata>;
  /** The body of the object (or of one range); the signal aborts the transfer when the client goes. */
  read(
    key: VideoKey,
    range: ByteRange | undefined,
    signal: AbortSignal,
  ): Promise<Readable>;
  /** Fresh metadata (never from a cache), or undefined when there is no such object. */
  stat(key: VideoKey): Promise<VideoMetadata | undefined>;
  write(
    key: VideoKey,
    body: Readable,
    meta: { contentType: string; owner: string },
    signal: AbortSignal,
  ): Promise<StoredVideo>;
  /** Deletes the object; the caller has checked it exists (stat) and may be deleted. */
  remove(key: VideoKey): Promise<void>;
  /** `token` is a continuation token this storage issued (validated by the application). */
  list(token: string | undefined, limit: number): Promise<StoragePage>;
  /** A URL that reads the object directly from the storage for ttlSeconds. */
  presignRead(key: VideoKey, ttlSeconds: number): Promise<string>;
  /** A short-lived source for the edge gateway; reused for part of its life (cheap per request). */
  edgeSource(key: VideoKey): Promise<EdgeSource>;
  isReachable(): Promise<boolean>;
}
export const OBJECT_STORAGE = Symbol('OBJECT_STORAGE');
