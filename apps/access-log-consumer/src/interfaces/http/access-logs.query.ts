import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  MIN_PAGE_SIZE,
} from '../../domain/access-log-query';

const instant = z.iso.datetime({
  offset: true,
  message: 'expected an ISO 8601 date-time, e.g. 2026-11-28T00:00:00Z',
});

export const listQuerySchema = z
  .object({
    userId: z.string().min(1).max(256).optional(),
    filename: z.string().min(1).max(1024).optional(),
    from: instant.optional(),
    to: instant.optional(),
    cursor: z.string().min(1).max(256).optional(),
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
  filename: z.string().min(1).max(1024),
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
