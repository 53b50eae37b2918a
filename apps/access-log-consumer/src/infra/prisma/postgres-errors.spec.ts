import { isPermanentDataError } from './postgres-errors';

/** The shape Prisma's pg driver adapter gives a failed raw query (P2010 around the SQLSTATE). */
const driverError = (originalCode: string) => ({
  code: 'P2010',
  meta: { driverAdapterError: { cause: { originalCode, kind: 'postgres' } } },
});

describe('isPermanentDataError', () => {
  it.each([
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22008', 'date/time field value out of range'],
    ['22003', 'bigint out of range'],
    ['22P02', 'invalid input syntax'],
    ['23502', 'not-null violation'],
  ])('treats SQLSTATE %s (%s) as permanent', (code) => {
    expect(isPermanentDataError(driverError(code))).toBe(true);
  });

  it.each([
    ['08006', 'connection failure'],
    ['57P01', 'admin shutdown'],
    ['53300', 'too many connections'],
    ['40001', 'serialization failure'],
    ['23505', 'unique violation (absorbed by ON CONFLICT)'],
  ])('retries SQLSTATE %s (%s)', (code) => {
    expect(isPermanentDataError(driverError(code))).toBe(false);
  });

  it('reads the SQLSTATE of a DriverAdapterError that createMany lets through', () => {
    expect(
      isPermanentDataError({
        name: 'DriverAdapterError',
        cause: { originalCode: '22021' },
      }),
    ).toBe(true);
  });

  it("treats Prisma's value checks as permanent and anything unknown as retryable", () => {
    expect(isPermanentDataError({ code: 'P2020' })).toBe(true);
    expect(
      isPermanentDataError(new Error('Connection terminated unexpectedly')),
    ).toBe(false);
    expect(isPermanentDataError(undefined)).toBe(false);
  });
});
