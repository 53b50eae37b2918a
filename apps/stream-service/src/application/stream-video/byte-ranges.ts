import type { ByteRange } from '../../domain/object-storage.port';

/** What a `Range` header asks of a representation of `size` bytes (RFC 9110 §14.1, §14.2). */
export type RangeAnswer =
  | { kind: 'ignore' }
  | { kind: 'unsatisfiable' }
  | { kind: 'ranges'; ranges: ByteRange[] };

// first-pos "-" [ last-pos ] / "-" suffix-length; OWS is allowed around list elements (§5.6.1).
const SPEC = /^(?:(\d+)-(\d*)|-(\d+))$/;

/**
 * Parses `bytes=` ranges strictly. Written here rather than with range-parser, which reports a
 * malformed header (`bytes=`) as unsatisfiable and refuses a suffix longer than the object, where
 * the RFC says to ignore the first and serve the whole object for the second. A header that is
 * not valid `bytes` syntax is ignored (200 full); valid ranges none of which overlap the
 * object are unsatisfiable (416); the rest are clamped to the object and merged when they touch.
 */
export function parseByteRanges(header: string, size: number): RangeAnswer {
  const match = /^bytes=(.*)$/i.exec(header.trim());
  if (!match) return { kind: 'ignore' };
  const specs = match[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (specs.length === 0) return { kind: 'ignore' };
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const m = SPEC.exec(spec);
    if (!m) return { kind: 'ignore' };
    const range =
      m[3] !== undefined ? suffix(Number(m[3]), size) : span(m, size);
    if (range === 'invalid') return { kind: 'ignore' };
    if (range) ranges.push(range);
  }
  return ranges.length === 0
    ? { kind: 'unsatisfiable' }
    : { kind: 'ranges', ranges: merge(ranges) };
}

/** `first-last` or `first-`; last below first makes the whole header invalid (§14.1.1). */
function span(m: RegExpExecArray, size: number): ByteRange | null | 'invalid' {
  const first = Number(m[1]);
  const last = m[2] === '' ? Infinity : Number(m[2]);
  if (last < first) return 'invalid';
  if (first >= size) return null;
  return { start: first, end: Math.min(last, size - 1) };
}

/** The last N bytes; a suffix longer than the object is the whole object (§14.1.2). */
function suffix(length: number, size: number): ByteRange | null {
  if (length === 0 || size === 0) return null;
  return { start: Math.max(0, size - length), end: size - 1 };
}

/** Sorted, with overlapping or adjacent ranges combined (what range-parser's `combine` did). */
function merge(ranges: ByteRange[]): ByteRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: ByteRange[] = [{ ...sorted[0] }];
  for (const r of sorted.slice(1)) {
    const last = out[out.length - 1];
    if (r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}
