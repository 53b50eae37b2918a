import { randomUUID } from 'node:crypto';
import { anMp4Like, fixtureS3 } from '../../testing/s3-fixtures';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { offsetOf, tusClient } from '../../testing/tus-test-client';

const MIB = 1024 * 1024;
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
  Buffer.alloc(64 * 1024),
]);
const codeOf = async (res: Response) =>
  ((await res.json()) as { code?: string }).code;

describe('tus uploads: refusals and expiry', () => {
  let t: TestApp;
  let writer: string;
  let s3: ReturnType<typeof fixtureS3>;
  const prefix = `it-tus-refused-${randomUUID()}`;
  const existing = `${prefix}/existing.mp4`;

  beforeAll(async () => {
    t = await startTestApp({
      UPLOAD_MAX_BYTES: String(10 * MIB),
      UPLOAD_EXPIRY_SECONDS: '2',
      METADATA_CACHE_TTL_MS: '0',
    });
    writer = await t.token({
      sub: 'tus-writer',
      scope: 'video:read video:write',
    });
    s3 = fixtureS3(t.config);
    await s3.put(existing, anMp4Like(1024), 'video/mp4');
  });
  afterAll(async () => {
    await s3.remove(existing).catch(() => undefined);
    s3.destroy();
    await t.close();
  });

  it.each([
    [
      'a length over the limit',
      10 * MIB + 1,
      { filename: `${prefix}/big.mp4` },
      413,
      'VIDEO_TOO_LARGE',
    ],
    [
      'a declared image type',
      1000,
      { filename: `${prefix}/a.mp4`, filetype: 'image/png' },
      415,
      'UNSUPPORTED_VIDEO_TYPE',
    ],
    [
      'no filename',
      1000,
      { filetype: 'video/mp4' },
      400,
      'INVALID_UPLOAD_METADATA',
    ],
    [
      'a traversal key',
      1000,
      { filename: '../escape.mp4' },
      400,
      'INVALID_VIDEO_KEY',
    ],
    [
      'a key under the HLS renditions',
      1000,
      { filename: 'hls/x.mp4/master.m3u8' },
      400,
      'INVALID_VIDEO_KEY',
    ],
    [
      'an existing video without overwrite',
      1000,
      { filename: existing },
      409,
      'VIDEO_ALREADY_EXISTS',
    ],
  ])(
    'refuses to create an upload with %s, before any byte',
    async (_case, length, metadata, status, code) => {
      const res = await tusClient(t.baseUrl, writer).create(length, metadata);
      expect(res.status).toBe(status);
      expect(await codeOf(res)).toBe(code);
      expect(res.headers.get('location')).toBeNull();
    },
  );

  it('refuses an existing video of another owner even with overwrite', async () => {
    const res = await tusClient(t.baseUrl, writer).create(1000, {
      filename: existing,
      overwrite: 'true',
    });
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe('VIDEO_NOT_OWNED');
  });

  it('refuses a deferred length: the limit must hold at creation', async () => {
    const res = await fetch(`${t.baseUrl}/v1/api/uploads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${writer}`,
        'tus-resumable': '1.0.0',
        'upload-defer-length': '1',
        'upload-metadata': `filename ${Buffer.from(`${prefix}/d.mp4`).toString('base64')}`,
      },
    });
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe('INVALID_UPLOAD_METADATA');
  });

  it('needs a token with video:write', async () => {
    const reader = await t.token({ scope: 'video:read' });
    expect(
      (
        await tusClient(t.baseUrl, reader).create(1000, {
          filename: `${prefix}/r.mp4`,
        })
      ).status,
    ).toBe(403);
    const anonymous = await fetch(`${t.baseUrl}/v1/api/uploads`, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0' },
    });
    expect(anonymous.status).toBe(401);
  });

  it('refuses first bytes that are not a video and stores none of them', async () => {
    const client = tusClient(t.baseUrl, writer);
    const created = await client.create(PNG.length, {
      filename: `${prefix}/renamed.mp4`,
    });
    const url = client.urlOf(created.headers.get('location'));
    const res = await client.patch(url, 0, PNG);
    expect(res.status).toBe(415);
    expect(await codeOf(res)).toBe('UNSUPPORTED_VIDEO_TYPE');
    expect(offsetOf(await client.head(url))).toBe(0);
  });

  it('keeps an upload to the user who created it', async () => {
    const client = tusClient(t.baseUrl, writer);
    const created = await client.create(2048, {
      filename: `${prefix}/mine.mp4`,
    });
    const other = tusClient(
      t.baseUrl,
      await t.token({ sub: 'someone-else', scope: 'video:write' }),
    );
    const url = other.urlOf(created.headers.get('location'));
    const res = await other.patch(url, 0, anMp4Like(2048));
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe('UPLOAD_NOT_OWNED');
    expect((await other.head(url)).status).toBe(403);
    expect(offsetOf(await client.head(url))).toBe(0);
  });

  it('cancels an upload on DELETE and drops what was staged', async () => {
    const client = tusClient(t.baseUrl, writer);
    const created = await client.create(2 * MIB, {
      filename: `${prefix}/cancelled.mp4`,
    });
    const location = created.headers.get('location') ?? '';
    const url = client.urlOf(location);
    expect((await client.patch(url, 0, anMp4Like(64 * 1024))).status).toBe(204);
    expect((await client.remove(url)).status).toBe(204);
    expect((await client.head(url)).status).toBe(404);
    expect(
      await s3.head(`.uploads/${location.split('/').at(-1)}.info`),
    ).toBeUndefined();
  });

  it('answers 404 for an upload id it never issued', async () => {
    const res = await tusClient(t.baseUrl, writer).head(
      `${t.baseUrl}/v1/api/uploads/${'0'.repeat(32)}`,
    );
    expect(res.status).toBe(404);
  });

  it('expires an abandoned upload: refused with 410, then swept from S3 with its multipart parts', async () => {
    const client = tusClient(t.baseUrl, writer);
    const created = await client.create(6 * MIB, {
      filename: `${prefix}/abandoned.mp4`,
    });
    const location = created.headers.get('location') ?? '';
    const url = client.urlOf(location);
    expect((await client.patch(url, 0, anMp4Like(1 * MIB))).status).toBe(204);
    const stagedId = `.uploads/${location.split('/').at(-1)}`;
    expect(await s3.head(`${stagedId}.info`)).toBeDefined();
    expect(await s3.head(`${stagedId}.part`)).toBeDefined();
    await new Promise((r) => setTimeout(r, 2500));
    const late = await client.patch(url, 1 * MIB, anMp4Like(1 * MIB));
    expect(late.status).toBe(410);
    expect(await codeOf(late)).toBe('UPLOAD_EXPIRED');
    expect(await t.sweepExpiredUploads()).toBeGreaterThanOrEqual(1);
    expect(await s3.head(`${stagedId}.info`)).toBeUndefined();
    expect(await s3.head(`${stagedId}.part`)).toBeUndefined();
    expect((await client.head(url)).status).toBe(404);
  });
});
