import type { z } from 'zod';

/**
 * For a configuration's superRefine: in production, each variable still holding its development
 * default (a key, a secret, a local database) is an error naming it, so a service never starts
 * there with what tools/stack uses.
 */
export function refuseDevDefaultsInProduction<T extends { NODE_ENV?: string }>(
  values: T,
  ctx: z.RefinementCtx,
  devDefaults: Partial<Record<keyof T & string, string>>,
): void {
  if (values.NODE_ENV !== 'production') return;
  for (const [name, dev] of Object.entries(devDefaults))
    if (values[name as keyof T] === dev)
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: 'the development default is refused in production',
      });
}
