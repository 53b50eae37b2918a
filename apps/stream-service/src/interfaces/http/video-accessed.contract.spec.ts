import {
  ANONYMOUS_USER_ID,
  INVALID_VIDEO_KEY_PLACEHOLDER,
  parseVideoAccessedEvent,
} from '@video-streaming/contracts';
import { parseQueryStrictly } from './strict-query-parser';
import {
  toEvent,
  type VideoAccess,
} from '../../application/record-video-access/record-video-access.use-case';

/** What the access tracker hands to toEvent for one response; override what a case is about. */
const anAccess = (overrides: Partial<VideoAccess> = {}): VideoAccess => ({
  userId: 'user-1',
  filename: 'video-test.mp4',
  method: 'GET',
  range: null,
  status: 200,
  bytesSent: 0,
  durationMs: 1.5,
  outcome: 'completed',
  userAgent: 'contract-test',
  ip: '203.0.113.7',
  traceparent: null,
  tracestate: null,
  ...overrides,
});

/** The consumer's parser, on the JSON the producer sends. */
const consumed = (access: VideoAccess) => {
  const result = parseVideoAccessedEvent(JSON.stringify(toEvent(access)));
  if (!result.ok) throw new Error(result.reason);
  return result.event;
};

const HOSTILE_FILENAMES: [string, unknown][] = [
  ['missing', undefined],
  ['empty', ''],
  ['10 KB long', 'x'.repeat(10 * 1024)],
  ['10 KB of multi-byte characters', '日'.repeat(10 * 1024)],
  ['NUL', 'video.mp4\u0000.txt'],
  ['control characters', 'a\u0001\u001b[31mred\u007f\u0085.mp4'],
  [
    'invalid UTF-8 kept encoded by the query parser',
    parseQueryStrictly('filename=probe-%ff%fe.mp4')['filename'],
  ],
  [
    'an overlong slash',
    parseQueryStrictly('filename=a%c0%afb.mp4')['filename'],
  ],
  ['a truncated sequence', parseQueryStrictly('filename=e%e2%82')['filename']],
  ['U+FFFD from a lenient decoder', 'probe-\uFFFD\uFFFD.mp4'],
  ['a lone surrogate', 'a\uD800b.mp4'],
  ['traversal', '../../etc/passwd'],
  ['an absolute path', '/etc/passwd'],
  ['a backslash traversal', '..\\..\\boot.ini'],
  ['double encoding', '%2e%2e%2fsecret.mp4'],
  ['a right-to-left override', 'video\u202Egpj.mp4'],
  ['look-alike dots', '\uFF0E\uFF0E/a.mp4'],
  ['a repeated parameter', ['a.mp4', 'b.mp4']],
  ['an object (qs-style brackets)', { a: 'b' }],
];

const OUTCOMES: [string, Partial<VideoAccess>][] = [
  ['200 completed', { status: 200, bytesSent: 3_100_000 }],
  ['206 completed', { status: 206, range: 'bytes=0-1023', bytesSent: 1024 }],
  [
    '206 aborted',
    { status: 206, range: 'bytes=0-', bytesSent: 65_536, outcome: 'aborted' },
  ],
  ['200 aborted before the first byte', { status: 200, outcome: 'aborted' }],
  ['200 failed mid-stream', { status: 200, bytesSent: 10, outcome: 'failed' }],
  ['304', { status: 304 }],
  ['HEAD 200', { method: 'HEAD', status: 200 }],
  ['400', { status: 400, refusalCode: 'INVALID_VIDEO_KEY' }],
  ['401 (before authentication)', { status: 401, userId: undefined }],
  ['403 (missing scope)', { status: 403 }],
  [
    '403 (bad playback signature)',
    {
      status: 403,
      userId: undefined,
      refusalCode: 'INVALID_PLAYBACK_SIGNATURE',
    },
  ],
  ['404', { status: 404, refusalCode: 'VIDEO_NOT_FOUND' }],
  [
    '416',
    { status: 416, range: 'bytes=-0', refusalCode: 'RANGE_NOT_SATISFIABLE' },
  ],
  [
    '503',
    { status: 503, outcome: 'failed', refusalCode: 'STORAGE_UNAVAILABLE' },
  ],
  ['500', { status: 500, outcome: 'failed' }],
];

describe('every video-accessed event stream-service builds passes the consumer parser', () => {
  describe.each(OUTCOMES)('%s', (_outcome, outcome) => {
    it.each(HOSTILE_FILENAMES)(
      'with a filename that is %s',
      (_name, filename) => {
        const event = consumed(anAccess({ ...outcome, filename }));
        expect(event.videoKey).toBe(INVALID_VIDEO_KEY_PLACEHOLDER);
      },
    );

    it('with a valid filename', () => {
      expect(
        consumed(anAccess({ ...outcome, filename: 'vídeo-日本.mp4' })).videoKey,
      ).toBe('vídeo-日本.mp4');
    });
  });

  it.each([
    ['a 10 KB user agent', { userAgent: 'u'.repeat(10_240) }],
    ['a 10 KB Range header', { range: `bytes=${'0-1,'.repeat(3000)}` }],
    ['a 10 KB tracestate', { tracestate: 'k=v,'.repeat(2500) }],
    ['a 1 KB subject', { userId: 's'.repeat(1024) }],
    ['an empty subject', { userId: '' }],
    ['no client address', { ip: undefined }],
  ])('with %s', (_case, overrides) => {
    expect(() => consumed(anAccess(overrides))).not.toThrow();
  });
});

describe('how a refused request is recorded', () => {
  it('keeps the escaped, truncated name and the reason next to the placeholder key', () => {
    const event = consumed(
      anAccess({
        status: 400,
        refusalCode: 'INVALID_VIDEO_KEY',
        filename: `../${'é'.repeat(500)}\u202E`,
      }),
    );
    expect(event.videoKey).toBe(INVALID_VIDEO_KEY_PLACEHOLDER);
    expect(event.refusal).toMatchObject({
      reason: 'INVALID_VIDEO_KEY',
      requestedNameTruncated: true,
    });
    expect(event.refusal?.requestedName).toMatch(/^\.\.\/(%C3%A9)+$/);
  });

  it('records the requested name as null when none was sent', () => {
    const event = consumed(
      anAccess({
        status: 400,
        refusalCode: 'INVALID_VIDEO_KEY',
        filename: undefined,
      }),
    );
    expect(event.refusal).toEqual({
      reason: 'INVALID_VIDEO_KEY',
      requestedName: null,
    });
  });

  it('names nobody for a request refused before authentication', () => {
    const event = consumed(anAccess({ status: 401, userId: undefined }));
    expect(event).toMatchObject({
      userId: ANONYMOUS_USER_ID,
      videoKey: 'video-test.mp4',
      refusal: { reason: 'UNAUTHENTICATED' },
    });
  });

  it('adds no refusal to a served or failed request', () => {
    for (const status of [200, 206, 304, 500, 503])
      expect(consumed(anAccess({ status })).refusal).toBeUndefined();
  });

  it('keeps a valid key as videoKey without repeating it as requestedName', () => {
    expect(
      consumed(anAccess({ status: 404, refusalCode: 'VIDEO_NOT_FOUND' }))
        .refusal,
    ).toEqual({
      reason: 'VIDEO_NOT_FOUND',
    });
  });
});
