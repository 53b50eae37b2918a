import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  MIN_PAGE_SIZE,
} from '../../domain/access-log-query';
import {
  alignRange,
  DEFAULT_RANGE_MS,
  MAX_SERIES_POINTS,
  seriesPoints,
} from '../../domain/analytics/stats-range';

const DEFAULT_TOP_LIMIT = 10;
const MAX_TOP_LIMIT = 100;

/**
 * Every parameter is checked here, before any of it reaches PostgreSQL: a text column cannot hold
 * NUL ("invalid byte sequence 0x00") and a timestamptz ends at year 9999 ("out of range"), which
 * would otherwise surface as a 500.
 */
const hasControlCharacter = (v: string) =>
  [...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const EARLIEST = Date.UTC(1970, 0, 1);
const END_OF_9999 = Date.UTC(10000, 0, 1);

const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine(
      (v) => !hasControlCharacter(v),
      'must not contain control characters (NUL, newline, ...)',
    );

const instant = z.iso
  .datetime({
    offset: true,
    message: 'expected an ISO 8601 date-time, e.g. 2026-11-28T00:00:00Z',
  })
  .refine((v) => {
    const ms = Date.parse(v);
    return ms >= EARLIEST && ms < END_OF_9999;
  }, 'must be between 1970-01-01 and 9999-12-31');

export const listQuerySchema = z
  .object({
    userId: text(256).optional(),
    filename: text(1024).optional(),
    from: instant.optional(),
    to: instant.optional(),
    // Its content is checked by decodeCursor (code INVALID_CURSOR); here only its size and alphabet.
    cursor: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/, 'not a cursor returned by this API')
      .optional(),
    limit: z.coerce
      .number()
      .int()
      .min(MIN_PAGE_SIZE)
      .max(MAX_PAGE_SIZE)
      .default(DEFAULT_PAGE_SIZE),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    path: ['from'],
    message: 'must not be after to',
  });

/** Without from/to: the last 30 days up to now; with one of them, 30 days from or up to it. */
function withRange<T extends { from?: string; to?: string }>(q: T) {
  const to = q.to ? Date.parse(q.to) : Date.now();
  const from = q.from ? Date.parse(q.from) : to - DEFAULT_RANGE_MS;
  return { ...q, from: new Date(from), to: new Date(to) };
}

const rangeIsOrdered = (q: { from: Date; to: Date }) => q.from < q.to;
const NOT_BEFORE_TO = { path: ['from'], message: 'must be before to' };

export const statsQuerySchema = z
  .object({
    filename: text(1024),
    from: instant.optional(),
    to: instant.optional(),
    interval: z
      .enum(['hour', 'day'], { message: 'expected hour or day' })
      .default('day'),
  })
  .transform(withRange)
  .refine(rangeIsOrdered, NOT_BEFORE_TO)
  .refine(
    (q) => {
      const { from, to } = alignRange(q.from, q.to, q.interval);
      return seriesPoints(from, to, q.interval) <= MAX_SERIES_POINTS;
    },
    {
      path: ['interval'],
      message: `the range holds more than ${MAX_SERIES_POINTS} buckets of that interval: use interval=day or a shorter range`,
    },
  );

export const topQuerySchema = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    by: z
      .enum(['views', 'bytes', 'watchTime'], {
        message: 'expected views, bytes or watchTime',
      })
      .default('views'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_TOP_LIMIT)
      .default(DEFAULT_TOP_LIMIT),
  })
  .transform(withRange)
  .refine(rangeIsOrdered, NOT_BEFORE_TO);

/** Decodes a query string or answers 400 naming every parameter that is wrong. */
export function decodeQuery<S extends z.ZodType>(
  schema: S,
  query: unknown,
): z.infer<S> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`,
  );
  throw new BadRequestException(problems.join('; '));
}
