import { parseByteRanges } from './byte-ranges';

// The size of the sample video is about 3.1 MB; 1000 keeps the table readable.
const SIZE = 1000;
const one = (start: number, end: number) => ({
  kind: 'ranges',
  ranges: [{ start, end }],
});

describe('parseByteRanges (RFC 9110 §14.1)', () => {
  it.each([
    ['bytes=0-99', one(0, 99)],
    ['bytes=0-', one(0, 999)],
    ['bytes=900-', one(900, 999)],
    ['bytes=999-999', one(999, 999)],
    ['bytes=990-5000', one(990, 999)],
    ['bytes=-100', one(900, 999)],
    ['bytes=-1000', one(0, 999)],
    ['bytes=-4000000', one(0, 999)],
    ['BYTES=0-9', one(0, 9)],
    ['  bytes=0-9  ', one(0, 9)],
    ['bytes= 0-9 , 10-19', one(0, 19)],
    ['bytes=0-10,5-20', one(0, 20)],
    ['bytes=0-0,,1-1', one(0, 1)],
    ['bytes=5000-6000,0-9', one(0, 9)],
  ])('%s selects those bytes', (header, expected) => {
    expect(parseByteRanges(header, SIZE)).toEqual(expected);
  });

  it('keeps disjoint ranges apart, sorted', () => {
    expect(parseByteRanges('bytes=500-600,0-10', SIZE)).toEqual({
      kind: 'ranges',
      ranges: [
        { start: 0, end: 10 },
        { start: 500, end: 600 },
      ],
    });
  });

  it.each([
    'bytes=-0',
    'bytes=1000-',
    'bytes=5000-6000',
    'bytes=1000-1000,2000-',
  ])('%s is valid but selects nothing: unsatisfiable (416)', (header) => {
    expect(parseByteRanges(header, SIZE)).toEqual({ kind: 'unsatisfiable' });
  });

  it('finds nothing to select in an empty object', () => {
    expect(parseByteRanges('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRanges('bytes=-5', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it.each([
    '',
    'bytes=',
    'bytes=,',
    'bytes= ',
    'bytes',
    'bytes 0-9',
    'bytes=x-y',
    'bytes=abc',
    'bytes=5-2',
    'bytes=0-9,5-2',
    'bytes=--5',
    'bytes=0--5',
    'bytes=1.5-2',
    'bytes=0x10-20',
    'bytes=+1-2',
    'bytes=-',
    'bytes=0-9;10-19',
    'items=0-1',
    'pages=1-2',
    'bytes = 0-9',
  ])('%j is not a valid bytes range: ignored (200 full)', (header) => {
    expect(parseByteRanges(header, SIZE)).toEqual({ kind: 'ignore' });
  });
});
