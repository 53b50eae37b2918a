import { decodeCursor, encodeCursor } from './access-log-cursor';

describe('access-log cursor', () => {
  it('round-trips the (occurredAt, id) position', () => {
    const position = {
      occurredAt: new Date('2026-11-28T00:00:00.123Z'),
      id: 9_007_199_254_740_993n,
    };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    ['garbage'],
    [''],
    [Buffer.from('12:abc').toString('base64url')],
    [Buffer.from('1:99999999999999999999').toString('base64url')],
    // Year 33658: a valid JavaScript date that PostgreSQL cannot compare with.
    [Buffer.from('999999999999999:1').toString('base64url')],
    [Buffer.from('0001:1').toString('base64url')],
    [`${encodeCursor({ occurredAt: new Date(0), id: 1n })}==`],
    ['MTow\u0000'],
  ])('rejects %p, which this API never produced', (cursor) =>
    expect(decodeCursor(cursor)).toBeUndefined(),
  );
});
