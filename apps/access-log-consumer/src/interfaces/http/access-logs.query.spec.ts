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
    [{ userId: '\u0000' }, 'userId'],
    [{ userId: 'alice\u0000' }, 'userId'],
    [{ userId: 'al\nice' }, 'userId'],
    [{ userId: 'u'.repeat(257) }, 'userId'],
    [{ userId: '' }, 'userId'],
    [{ filename: '\u0000' }, 'filename'],
    [{ filename: 'a\u0000.mp4' }, 'filename'],
    [{ filename: 'f'.repeat(1025) }, 'filename'],
    [{ from: '0000-01-01T00:00:00Z' }, 'from'],
    [{ from: '1969-12-31T23:59:59Z' }, 'from'],
    [{ to: '+275760-09-13T00:00:00Z' }, 'to'],
    [{ to: '2026-02-30T00:00:00Z' }, 'to'],
    [{ from: '2026-11-01' }, 'from'],
    [{ from: '2026-11-01T00:00:00Z\u0000' }, 'from'],
    [{ cursor: 'not a cursor' }, 'cursor'],
    [{ cursor: '\u0000' }, 'cursor'],
    [{ cursor: 'A'.repeat(65) }, 'cursor'],
    [{ limit: '-1' }, 'limit'],
    [{ limit: '1e30' }, 'limit'],
    [{ limit: '2.5' }, 'limit'],
  ])('answers 400 naming the parameter for %p', (query, parameter) => {
    expect(errorOf(() => decodeQuery(listQuerySchema, query))).toMatch(
      new RegExp(`^${parameter}: `),
    );
  });

  it('accepts the edges of the storable time range', () => {
    expect(
      decodeQuery(listQuerySchema, {
        from: '1970-01-01T00:00:00Z',
        to: '9999-12-31T23:59:59Z',
      }),
    ).toMatchObject({ from: '1970-01-01T00:00:00Z' });
  });

  it.each([[{}], [{ filename: '\u0000' }], [{ filename: 'x\u0000y' }]])(
    'answers 400 naming the filename of the stats for %p',
    (query) => {
      expect(errorOf(() => decodeQuery(statsQuerySchema, query))).toMatch(
        /^filename: /,
      );
    },
  );
});
