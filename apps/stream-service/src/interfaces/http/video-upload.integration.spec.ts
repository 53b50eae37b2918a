import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { anMp4Like, fixtureS3 } from '../../testing/s3-fixtures';
import { startTestApp, type TestApp } from '../../testing/test-app';

describe('uploads, catalogue and delete against the stack S3', () => {
  let t: TestApp;
  let writer: string;
  let reader: string;
  let s3: ReturnType<typeof fixtureS3>;
  const prefix = `it-upload-${randomUUID()}`;
  const created: string[] = [];
  const name = (n: string) => {
    const key = `${prefix}/${n}`;
    created.push(key);
    return key;
  };
  const upload = (
    key: string,
    body: Buffer,
    headers: Record<string, string> = {},
    query = '',
  ) =>
    fetch(
      `${t.baseUrl}/v1/api/video?filename=${encodeURIComponent(key)}${query}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${writer}`,
          'content-type': 'video/mp4',
          ...headers,
        },
        body,
      },
    );
  const download = (key: string) =>
    fetch(`${t.baseUrl}/v1/api/video?filename=${encodeURIComponent(key)}`, {
      headers: { authorization: `Bearer ${reader}` },
    });

  beforeAll(async () => {
    t = await startTestApp({
      UPLOAD_MAX_BYTES: String(12 * 1024 * 1024),
      METADATA_CACHE_TTL_MS: '0',
    });
    writer = await t.token({ scope: 'video:read video:write' });
    reader = await t.token({ scope: 'video:read' });
    s3 = fixtureS3(t.config);
  });
  afterAll(async () => {
    await Promise.all(created.map((k) => s3.remove(k).catch(() => undefined)));
    s3.destroy();
    await t.close();
  });

  it('stores a multipart-sized MP4 and streams back exactly the same bytes', async () => {
    const key = name('big.mp4');
    const body = anMp4Like(10 * 1024 * 1024 + 123);
    const res = await upload(key, body);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      key,
      size: body.length,
      etag: expect.stringMatching(/^"/),
    });
    const back = await download(key);
    expect(back.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await back.arrayBuffer()).equals(body)).toBe(true);
  });

  it('recognises WebM by its bytes and stores it as video/webm', async () => {
    const key = name('clip.webm');
    const body = Buffer.concat([
      Buffer.from('1a45dfa39f4286810142f781', 'hex'),
      Buffer.alloc(4096, 7),
    ]);
    expect(
      (await upload(key, body, { 'content-type': 'application/octet-stream' }))
        .status,
    ).toBe(201);
    expect((await download(key)).headers.get('content-type')).toBe(
      'video/webm',
    );
  });

  it('refuses a file that is not a video whatever its Content-Type claims (415), and stores nothing', async () => {
    const key = name('fake.mp4');
    const res = await upload(
      key,
      Buffer.from('<html>definitely not a video</html>'),
    );
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ code: 'UNSUPPORTED_VIDEO_TYPE' });
    expect((await download(key)).status).toBe(404);
  });

  it('refuses a declared non-video type up front (415)', async () => {
    expect(
      (
        await upload(name('x.mp4'), anMp4Like(64), {
          'content-type': 'text/plain',
        })
      ).status,
    ).toBe(415);
  });

  it('refuses a body over the limit by Content-Length (413) and by counting when the length is not declared', async () => {
    const key = name('huge.mp4');
    const res = await upload(key, anMp4Like(13 * 1024 * 1024));
    expect(res.status).toBe(413);
    const chunked = await uploadChunked(
      t.baseUrl,
      key,
      writer,
      anMp4Like(13 * 1024 * 1024),
    );
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ code: 'VIDEO_TOO_LARGE' });
    expect((await download(key)).status).toBe(404);
  });

  it('refuses to replace an existing name (409) unless overwrite=true', async () => {
    const key = name('same.mp4');
    expect((await upload(key, anMp4Like(1000))).status).toBe(201);
    const conflict = await upload(key, anMp4Like(2000));
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({
      code: 'VIDEO_ALREADY_EXISTS',
    });
    expect(
      (await upload(key, anMp4Like(2000), {}, '&overwrite=true')).status,
    ).toBe(201);
    expect((await download(key)).headers.get('content-length')).toBe('2000');
  });

  it('requires the write scope and a safe name', async () => {
    expect(
      (
        await upload(name('a.mp4'), anMp4Like(100), {
          authorization: `Bearer ${reader}`,
        })
      ).status,
    ).toBe(403);
    expect((await upload('../escape.mp4', anMp4Like(100))).status).toBe(400);
  });

  it('lists with an opaque cursor and validated limits', async () => {
    const keys = [name('list/1.mp4'), name('list/2.mp4'), name('list/3.mp4')];
    for (const key of keys)
      expect((await upload(key, anMp4Like(100))).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Response = await fetch(
        `${t.baseUrl}/v1/api/videos?limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
        {
          headers: { authorization: `Bearer ${reader}` },
        },
      );
      expect(res.status).toBe(200);
      const page = (await res.json()) as {
        items: { key: string }[];
        nextCursor: string | null;
      };
      seen.push(...page.items.map((i) => i.key));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(seen).toEqual(expect.arrayContaining(keys.concat('video-test.mp4')));
    const small = await fetch(`${t.baseUrl}/v1/api/videos?limit=1`, {
      headers: { authorization: `Bearer ${reader}` },
    });
    const first = (await small.json()) as {
      items: unknown[];
      nextCursor: string;
    };
    expect(first.items).toHaveLength(1);
    const next = await fetch(
      `${t.baseUrl}/v1/api/videos?limit=1&cursor=${first.nextCursor}`,
      { headers: { authorization: `Bearer ${reader}` } },
    );
    expect(next.status).toBe(200);
    for (const bad of [
      'limit=0',
      'limit=1001',
      'limit=abc',
      'limit=1.5',
      'cursor=not-ours',
      // Decodes to "v1:\0": S3 used to fail on it (500).
      'cursor=djE6AA',
      `cursor=${Buffer.from('v1:\u0001').toString('base64url')}`,
      `cursor=${Buffer.from([0x76, 0x31, 0x3a, 0xff]).toString('base64url')}`,
    ])
      expect(
        (
          await fetch(`${t.baseUrl}/v1/api/videos?${bad}`, {
            headers: { authorization: `Bearer ${reader}` },
          })
        ).status,
      ).toBe(400);
  });

  it.each([
    'probe-%ff%fe.mp4',
    'probe-%fe%ff.mp4',
    'probe-%80%80.mp4',
    'a%c0%afb.mp4',
    'a%ed%a0%80b.mp4',
    'euro-%e2%82.mp4',
  ])(
    'refuses the non-UTF-8 filename %s with 400 on every endpoint, and stores nothing',
    async (raw) => {
      const url = (path: string) =>
        `${t.baseUrl}${path}?filename=${prefix}/${raw}`;
      const answers = await Promise.all([
        fetch(url('/v1/api/video'), {
          headers: { authorization: `Bearer ${reader}` },
        }),
        fetch(url('/v1/api/video'), {
          method: 'HEAD',
          headers: { authorization: `Bearer ${reader}` },
        }),
        fetch(url('/v1/api/video/playback'), {
          headers: { authorization: `Bearer ${reader}` },
        }),
        fetch(url('/v1/api/video'), {
          method: 'POST',
          headers: {
            authorization: `Bearer ${writer}`,
            'content-type': 'video/mp4',
          },
          body: anMp4Like(100),
        }),
        fetch(url('/v1/api/video'), {
          method: 'DELETE',
          headers: { authorization: `Bearer ${writer}` },
        }),
      ]);
      expect(answers.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
      expect(await answers[0].json()).toMatchObject({
        code: 'INVALID_VIDEO_KEY',
        message: 'Invalid filename: not valid UTF-8',
      });
      const listed = await fetch(`${t.baseUrl}/v1/api/videos?limit=1000`, {
        headers: { authorization: `Bearer ${reader}` },
      });
      const keys = (
        (await listed.json()) as { items: { key: string }[] }
      ).items.map((i) => i.key);
      expect(
        keys.filter((k) => k.startsWith(prefix) && k.includes('\uFFFD')),
      ).toEqual([]);
    },
  );

  it('keeps valid multi-byte names working end to end', async () => {
    const key = name('vídeo-日本.mp4');
    const body = anMp4Like(100);
    expect((await upload(key, body)).status).toBe(201);
    const res = await download(key);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);
  });

  describe('ownership', () => {
    let alice: string;
    let bob: string;
    let admin: string;
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    const remove = (key: string, token: string) =>
      fetch(`${t.baseUrl}/v1/api/video?filename=${encodeURIComponent(key)}`, {
        method: 'DELETE',
        headers: as(token),
      });
    const overwrite = (key: string, token: string, body: Buffer) =>
      upload(key, body, as(token), '&overwrite=true');

    beforeAll(async () => {
      alice = await t.token({
        sub: 'alice@example.com',
        scope: 'video:read video:write',
      });
      bob = await t.token({ sub: 'bob', scope: 'video:read video:write' });
      admin = await t.token({
        sub: 'ops',
        scope: 'video:read video:write video:admin',
      });
    });

    it('records the uploader as the owner in the object metadata', async () => {
      const key = name('owned/meta.mp4');
      expect((await upload(key, anMp4Like(100), as(alice))).status).toBe(201);
      expect((await s3.head(key))?.metadata).toEqual({
        owner: 'alice%40example.com',
      });
    });

    it('lets the owner overwrite and delete', async () => {
      const key = name('owned/by-alice.mp4');
      expect((await upload(key, anMp4Like(100), as(alice))).status).toBe(201);
      expect((await overwrite(key, alice, anMp4Like(200))).status).toBe(201);
      expect((await s3.head(key))?.metadata).toEqual({
        owner: 'alice%40example.com',
      });
      expect((await remove(key, alice)).status).toBe(204);
      expect(await s3.head(key)).toBeUndefined();
    });

    it('refuses another writer with 403 and leaves the object unchanged', async () => {
      const key = name('owned/not-bobs.mp4');
      const original = anMp4Like(300);
      expect((await upload(key, original, as(alice))).status).toBe(201);
      const before = await s3.head(key);
      const overwritten = await overwrite(key, bob, anMp4Like(400));
      expect(overwritten.status).toBe(403);
      expect(await overwritten.json()).toMatchObject({
        statusCode: 403,
        code: 'VIDEO_NOT_OWNED',
      });
      const deleted = await remove(key, bob);
      expect(deleted.status).toBe(403);
      expect(await deleted.json()).toMatchObject({ code: 'VIDEO_NOT_OWNED' });
      expect(await s3.head(key)).toEqual(before);
      const res = await download(key);
      expect(Buffer.from(await res.arrayBuffer()).equals(original)).toBe(true);
    });

    it('lets an admin overwrite and delete anybody’s video', async () => {
      const key = name('owned/admin-target.mp4');
      expect((await upload(key, anMp4Like(100), as(alice))).status).toBe(201);
      expect((await overwrite(key, admin, anMp4Like(150))).status).toBe(201);
      expect((await remove(key, admin)).status).toBe(204);
      expect(await s3.head(key)).toBeUndefined();
    });

    it('keeps a video without a recorded owner (like the seeded sample) admin-only', async () => {
      const key = name('owned/seeded.mp4');
      await s3.put(key, anMp4Like(100), 'video/mp4');
      expect((await overwrite(key, alice, anMp4Like(100))).status).toBe(403);
      expect((await remove(key, bob)).status).toBe(403);
      expect(await s3.head(key)).toBeDefined();
      expect((await remove(key, admin)).status).toBe(204);
    });

    it('still answers 404 before 403 when there is nothing to delete', async () => {
      expect((await remove(name('owned/never.mp4'), bob)).status).toBe(404);
    });
  });

  it('deletes a video (204) and answers 404 when there is nothing to delete', async () => {
    const key = name('gone.mp4');
    expect((await upload(key, anMp4Like(100))).status).toBe(201);
    const del = () =>
      fetch(`${t.baseUrl}/v1/api/video?filename=${key}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${writer}` },
      });
    expect((await del()).status).toBe(204);
    expect((await download(key)).status).toBe(404);
    expect((await del()).status).toBe(404);
  });
});

/** Transfer-Encoding: chunked, so the limit can only be enforced by counting. */
function uploadChunked(
  baseUrl: string,
  key: string,
  token: string,
  body: Buffer,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${baseUrl}/v1/api/video?filename=${encodeURIComponent(key)}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'video/mp4',
          'transfer-encoding': 'chunked',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text }),
        );
      },
    );
    req.on('error', reject);
    for (let i = 0; i < body.length; i += 1024 * 1024)
      req.write(body.subarray(i, i + 1024 * 1024));
    req.end();
  });
}
