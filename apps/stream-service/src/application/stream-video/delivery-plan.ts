import parseRange from 'range-parser';
import type {
  ByteRange,
  VideoMetadata,
} from '../../domain/object-storage.port';

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
  // range-parser reports garbage as "unsatisfiable" (-1); the RFC says to ignore an invalid Range.
  if (!isValidBytesRange(request.range)) return { kind: 'full' };
  const ranges = parseRange(video.size, request.range, { combine: true });
  if (ranges === -1) return { kind: 'range-not-satisfiable' };
  // -2: syntactically invalid, which the RFC says to ignore; several ranges: we answer 200 full
  // rather than multipart/byteranges, which players do not use and which the RFC allows.
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1)
    return { kind: 'full' };
  return {
    kind: 'partial',
    range: { start: ranges[0].start, end: ranges[0].end },
  };
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

/** RFC 9110 §14.1.2 syntax, including "last-pos must not be below first-pos"; other units pass to range-parser. */
function isValidBytesRange(header: string): boolean {
  const match = /^bytes=(.+)$/i.exec(header.trim());
  if (!match) return true;
  return match[1].split(',').every((spec) => {
    const m = /^\s*(?:(\d+)-(\d*)|-(\d+))\s*$/.exec(spec);
    return (
      m !== null &&
      (m[2] === undefined || m[2] === '' || Number(m[2]) >= Number(m[1]))
    );
  });
}

const opaque = (tag: string) => tag.replace(/^W\//, '');
const seconds = (ms: number) => Math.floor(ms / 1000);
