import { z } from 'zod';
import { loadConfig } from './load-config';
import { refuseDevDefaultsInProduction } from './dev-defaults';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production']).default('development'),
    SECRET: z.string().default('dev-secret'),
  })
  .superRefine((c, ctx) =>
    refuseDevDefaultsInProduction(c, ctx, { SECRET: 'dev-secret' }),
  );

describe('refuseDevDefaultsInProduction', () => {
  it('lets development run on the default', () => {
    expect(loadConfig(schema, {}).SECRET).toBe('dev-secret');
  });

  it('names the variable still on its default in production', () => {
    expect(() => loadConfig(schema, { NODE_ENV: 'production' })).toThrow(
      'SECRET: the development default is refused in production',
    );
    expect(
      loadConfig(schema, { NODE_ENV: 'production', SECRET: 'real' }).SECRET,
    ).toBe('real');
  });
});
