import { startTestApp, type TestApp } from './testing/test-app';

jest.setTimeout(60_000);

/**
 * Hostile requests to stream-service as deployed (platform bootstrap, real S3 and Kafka): each is
 * refused with a JSON 4xx before any handler, never a 500.
 */
describe('stream-service refuses hostile requests with a JSON 4xx', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t?.close());

  const bigJson = JSON.stringify({ a: 'x'.repeat(2_000_000) });

  it.each([
    ['a 2 MB JSON body on the upload route', 'application/json', bigJson, 413],
    ['malformed JSON', 'application/json', '{"a":', 400],
    ['an unknown charset', 'application/json; charset=klingon', '{}', 415],
  ])('%s is refused with its 4xx', async (_, type, body, status) => {
    const res = await fetch(
      `${t.baseUrl}/v1/api/video?filename=hardening.mp4`,
      {
        method: 'POST',
        headers: {
          'Content-Type': type,
          Authorization: `Bearer ${await t.token({ scope: 'video:write' })}`,
        },
        body,
      },
    );
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
    });
  });

  it.each(['X-Big', 'Cookie', 'Authorization'])(
    'answers a 64 KiB %s header with 431',
    async (name) => {
      const res = await fetch(`${t.baseUrl}/v1/api/videos`, {
        headers: { [name]: 'a'.repeat(65_536) },
      });
      expect(res.status).toBe(431);
    },
  );

  it.each(['bearer', 'BEARER', 'Bearer  '])(
    'lists videos for a token after "%s"',
    async (scheme) => {
      const res = await fetch(`${t.baseUrl}/v1/api/videos?limit=1`, {
        headers: { Authorization: `${scheme} ${await t.token()}` },
      });
      expect(res.status).toBe(200);
    },
  );
});
