import { DEFAULT_LIST_LIMIT, encodeCursor, parseListQuery } from './list-query';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

describe('parseListQuery', () => {
  it('round-trips a cursor this service issued, including a non-ASCII token', () => {
    for (const token of ['1/abc==', 'folder/vídeo-日本.mp4'])
      expect(parseListQuery({ cursor: encodeCursor(token) }).token).toBe(token);
  });

  it('starts at the first page with the default limit when nothing is given', () => {
    expect(parseListQuery({})).toEqual({
      token: undefined,
      limit: DEFAULT_LIST_LIMIT,
    });
    expect(parseListQuery({ cursor: '', limit: '' })).toEqual({
      token: undefined,
      limit: DEFAULT_LIST_LIMIT,
    });
  });

  it.each([
    ['the reported NUL cursor', 'djE6AA'],
    ['a control character', b64('v1:a\u0001b')],
    ['a C1 control character', b64('v1:a\u0085b')],
    ['DEL', b64('v1:\u007f')],
    ['a line feed', b64('v1:abc\ndef')],
    ['invalid UTF-8', b64(Buffer.from([0x76, 0x31, 0x3a, 0xff, 0xfe]))],
    [
      'an overlong UTF-8 slash',
      b64(Buffer.from([0x76, 0x31, 0x3a, 0xc0, 0xaf])),
    ],
    ['the wrong prefix', b64('v2:abc')],
    ['no prefix', b64('abc')],
    ['only the prefix', b64('v1:')],
    ['standard base64 characters', Buffer.from('v1:abc?>').toString('base64')],
    ['padding', `${b64('v1:ab')}=`],
    ['a non-canonical encoding (stray bits)', 'djE6YWJj' + 'Z'],
    ['not base64 at all', 'not ours!'],
    ['an oversize cursor', encodeCursor('x'.repeat(2000))],
    ['a repeated parameter', ['djE6YWJj', 'djE6YWJj']],
    ['an object', { a: 1 }],
  ])('refuses %s with INVALID_LIST_QUERY', (_name, cursor) => {
    expect(() => parseListQuery({ cursor })).toThrow(
      expect.objectContaining({ code: 'INVALID_LIST_QUERY' }),
    );
  });

  it.each(['1', '50', '1000'])('accepts limit=%s', (limit) => {
    expect(parseListQuery({ limit }).limit).toBe(Number(limit));
  });

  it.each(['0', '1001', '-1', '1.5', 'abc', '1e3', ' 5', '00000', ['1', '2']])(
    'refuses limit=%j',
    (limit) => {
      expect(() => parseListQuery({ limit })).toThrow(
        expect.objectContaining({ code: 'INVALID_LIST_QUERY' }),
      );
    },
  );
});
