import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  MIN_PAGE_SIZE,
} from '../../domain/access-log-query';

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

export const statsQuerySchema = z.object({
  filename: text(1024),
});

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
