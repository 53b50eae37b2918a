import type {
  ByteRange,
  VideoMetadata,
} from '../../domain/object-storage.port';
import { parseByteRanges } from './byte-ranges';

/** The request headers that decide what a GET or HEAD of a video answers (RFC 9110 §13, §14). */
export interface DeliveryRequest {
  method: 'GET' | 'HEAD';
  range?: string;
  ifRange?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
}

export type DeliveryPlan =
  | { kind: 'not-modified' }
  | { kind: 'range-not-satisfiable' }
  | { kind: 'full' }
  | { kind: 'partial'; range: ByteRange };

export function planDelivery(
  video: VideoMetadata,
  request: DeliveryRequest,
): DeliveryPlan {
  if (notModified(video, request)) return { kind: 'not-modified' };
  // Range handling is defined for GET only; HEAD describes the full representation.
  if (request.method !== 'GET' || !request.range) return { kind: 'full' };
  if (request.ifRange !== undefined && !ifRangeMatches(video, request.ifRange))
    return { kind: 'full' };
  const answer = parseByteRanges(request.range, video.size);
  if (answer.kind === 'unsatisfiable') return { kind: 'range-not-satisfiable' };
  // Several disjoint ranges: we answer 200 full rather than multipart/byteranges, which players
  // do not use and which the RFC allows.
  if (answer.kind === 'ignore' || answer.ranges.length !== 1)
    return { kind: 'full' };
  return { kind: 'partial', range: answer.ranges[0] };
}

function notModified(video: VideoMetadata, request: DeliveryRequest): boolean {
  if (request.ifNoneMatch !== undefined) {
    // Weak comparison (§13.1.2); If-Modified-Since is ignored when If-None-Match is present.
    const candidates = request.ifNoneMatch.split(',').map((t) => t.trim());
    return (
      candidates.includes('*') ||
      candidates.some((t) => opaque(t) === opaque(video.etag))
    );
  }
  if (request.ifModifiedSince !== undefined) {
    const since = Date.parse(request.ifModifiedSince);
    return (
      !Number.isNaN(since) &&
      seconds(video.lastModified.getTime()) <= seconds(since)
    );
  }
  return false;
}

function ifRangeMatches(video: VideoMetadata, ifRange: string): boolean {
  const value = ifRange.trim();
  // An entity tag needs strong comparison: a weak tag never matches.
  if (value.startsWith('"') || value.startsWith('W/'))
    return !value.startsWith('W/') && value === video.etag;
  const date = Date.parse(value);
  return (
    !Number.isNaN(date) &&
    seconds(date) === seconds(video.lastModified.getTime())
  );
}

const opaque = (tag: string) => tag.replace(/^W\//, '');
const seconds = (ms: number) => Math.floor(ms / 1000);
