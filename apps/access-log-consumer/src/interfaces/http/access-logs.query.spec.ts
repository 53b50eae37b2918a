import { BadRequestException } from '@nestjs/common';
import {
  decodeQuery,
  listQuerySchema,
  statsQuerySchema,
} from './access-logs.query';

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BadRequestException) return error.message;
    throw error;
  }
  throw new Error('expected a 400');
};

describe('access-log query decoding', () => {
  it('defaults limit to 50 and accepts every filter', () => {
    expect(
      decodeQuery(listQuerySchema, {
        userId: 'u1',
        filename: 'a.mp4',
        from: '2026-11-01T00:00:00Z',
        to: '2026-11-02T00:00:00+01:00',
      }),
    ).toEqual({
      userId: 'u1',
      filename: 'a.mp4',
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-02T00:00:00+01:00',
      limit: 50,
    });
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '501' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ from: 'yesterday' }, 'from'],
    [{ from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }, 'from'],
    [{ userId: ['a', 'b'] }, 'userId'],
  ])('answers 400 naming the parameter for %p', (query, parameter) => {
    expect(errorOf(() => decodeQuery(listQuerySchema, query))).toMatch(
      new RegExp(`^${parameter}: `),
    );
  });

  it('requires the filename of the stats', () => {
    expect(errorOf(() => decodeQuery(statsQuerySchema, {}))).toMatch(
      /^filename: /,
    );
  });
});
