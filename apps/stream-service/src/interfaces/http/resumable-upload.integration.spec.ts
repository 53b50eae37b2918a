import { randomUUID } from 'node:crypto';
import * as tus from 'tus-js-client';
import { anMp4Like, fixtureS3 } from '../../testing/s3-fixtures';
import {
  aSharedIssuer,
  startStreamServiceProcess,
} from '../../testing/stream-service-process';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { offsetOf, tusClient } from '../../testing/tus-test-client';
import { collectUploadedEvents } from '../../testing/video-uploaded-events';

const MIB = 1024 * 1024;
const ENV = {
  UPLOAD_MAX_BYTES: String(20 * MIB),
  UPLOAD_PART_BYTES: String(5 * MIB),
  METADATA_CACHE_TTL_MS: '0',
};

describe('tus resumable uploads against the stack S3, Kafka and PostgreSQL', () => {
  let issuer: Awaited<ReturnType<typeof aSharedIssuer>>;
  let a: TestApp;
  let b: Awaited<ReturnType<typeof startStreamServiceProcess>>;
  let s3: ReturnType<typeof fixtureS3>;
  let events: Awaited<ReturnType<typeof collectUploadedEvents>>;
  const user = `uploader-${randomUUID()}`;
  let writer: string;
  const prefix = `it-tus-${randomUUID()}`;
  const created: string[] = [];
  const name = (n: string) => {
    const key = `${prefix}/${n}`;
    created.push(key);
    return key;
  };
  const download = async (baseUrl: string, key: string) => {
    const res = await fetch(
      `${baseUrl}/v1/api/video?filename=${encodeURIComponent(key)}`,
      {
        headers: { authorization: `Bearer ${writer}` },
      },
    );
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    issuer = await aSharedIssuer();
    const env = { ...ENV, AUTH_JWKS_URL: issuer.jwksUrl };
    [a, b] = await Promise.all([
      startTestApp(env),
      startStreamServiceProcess(env),
    ]);
    writer = await issuer.sign({ sub: user, scope: 'video:read video:write' });
    s3 = fixtureS3(a.config);
    events = await collectUploadedEvents(prefix);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(created.map((k) => s3?.remove(k).catch(() => undefined)));
    s3?.destroy();
    await events?.stop();
    await Promise.all([a?.close(), b?.stop(), issuer?.close()]);
  });

  it('uploads in pieces with tus-js-client, reports progress, stores the exact bytes and announces video-uploaded', async () => {
    const key = name('pieces.mp4');
    const body = anMp4Like(12 * MIB + 7);
    const progress: number[] = [];
    await new Promise<void>((resolve, reject) => {
      new tus.Upload(body, {
        endpoint: `${a.baseUrl}/v1/api/uploads`,
        headers: { authorization: `Bearer ${writer}` },
        metadata: { filename: key, filetype: 'video/mp4' },
        chunkSize: 3 * MIB,
        retryDelays: [],
        onProgress: (sent) => progress.push(sent),
        onSuccess: () => resolve(),
        onError: reject,
      }).start();
    });
    expect(progress.at(-1)).toBe(body.length);
    const stored = await download(a.baseUrl, key);
    expect(stored.status).toBe(200);
    expect(stored.body.equals(body)).toBe(true);
    const event = await events.waitFor((e) => e.videoKey === key);
    expect(event).toMatchObject({
      uploadProtocol: 'tus',
      sizeBytes: body.length,
      contentType: 'video/mp4',
      uploadedBy: user,
      source: {
        bucket: a.config.S3_BUCKET,
        key,
        etag: (await s3.head(key))?.etag,
      },
    });
    expect((await s3.head(key))?.metadata['owner']).toBe(user);
  });

  it('resumes after the connection dropped mid-request, from the offset the server kept', async () => {
    const key = name('dropped.mp4');
    const body = anMp4Like(8 * MIB);
    const client = tusClient(a.baseUrl, writer);
    const res = await client.create(body.length, { filename: key });
    expect(res.status).toBe(201);
    expect(res.headers.get('upload-expires')).toBeTruthy();
    const url = client.urlOf(res.headers.get('location'));
    await client.patchThenDrop(url, 0, body, 3 * MIB);
    let kept = 0;
    for (let i = 0; i < 50 && kept === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      kept = offsetOf(await client.head(url));
    }
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(3 * MIB);
    const rest = await client.patch(url, kept, body.subarray(kept));
    expect(rest.status).toBe(204);
    expect(offsetOf(rest)).toBe(body.length);
    expect((await download(a.baseUrl, key)).body.equals(body)).toBe(true);
    expect(offsetOf(await client.head(url))).toBe(body.length);
  });

  it('lets two stream-service processes serve the PATCHes of one upload', async () => {
    const key = name('two-replicas.mp4');
    const body = anMp4Like(13 * MIB + 11);
    const onA = tusClient(a.baseUrl, writer);
    const onB = tusClient(b.baseUrl, writer);
    const location = (
      await onA.create(body.length, { filename: key })
    ).headers.get('location');
    const [urlA, urlB] = [onA.urlOf(location), onB.urlOf(location, b.baseUrl)];
    expect((await onA.patch(urlA, 0, body.subarray(0, 6 * MIB))).status).toBe(
      204,
    );
    expect(offsetOf(await onB.head(urlB))).toBe(6 * MIB);
    expect(
      (await onB.patch(urlB, 6 * MIB, body.subarray(6 * MIB, 10 * MIB))).status,
    ).toBe(204);
    expect(offsetOf(await onA.head(urlA))).toBe(10 * MIB);
    const last = await onA.patch(urlA, 10 * MIB, body.subarray(10 * MIB));
    expect(last.status).toBe(204);
    expect((await download(b.baseUrl, key)).body.equals(body)).toBe(true);
    await events.waitFor((e) => e.videoKey === key);
    expect(events.received.filter((e) => e.videoKey === key)).toHaveLength(1);
  });

  it('hands an upload held by a stalled request in one process to a resumed request in the other', async () => {
    const key = name('stalled.mp4');
    const body = anMp4Like(9 * MIB);
    const onA = tusClient(a.baseUrl, writer);
    const onB = tusClient(b.baseUrl, writer);
    const location = (
      await onA.create(body.length, { filename: key })
    ).headers.get('location');
    // A holds the lock with a request that stops sending (a client whose network went away).
    const stalled = onA.patchThenDrop(
      onA.urlOf(location),
      0,
      body,
      2 * MIB,
      20_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    const started = Date.now();
    const urlB = onB.urlOf(location, b.baseUrl);
    let offset = offsetOf(await onB.head(urlB));
    const takeover = await onB.patch(urlB, offset, body.subarray(offset));
    // B asked A to let go (NOTIFY) instead of waiting for A's socket to time out.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect([204, 409]).toContain(takeover.status);
    await stalled;
    offset = offsetOf(await onB.head(urlB));
    if (offset < body.length)
      expect(
        (await onB.patch(urlB, offset, body.subarray(offset))).status,
      ).toBe(204);
    expect((await download(a.baseUrl, key)).body.equals(body)).toBe(true);
  });
});
