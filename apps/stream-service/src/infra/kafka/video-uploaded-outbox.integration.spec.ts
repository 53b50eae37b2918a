import { S3Client } from '@aws-sdk/client-s3';
import { VIDEO_UPLOADED_TOPIC } from '@video-streaming/contracts';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readConfig } from '../../config';
import { anMp4Like, fixtureS3 } from '../../testing/s3-fixtures';
import {
  aSharedIssuer,
  startStreamServiceProcess,
} from '../../testing/stream-service-process';
import { tusClient } from '../../testing/tus-test-client';
import {
  collectUploadedEvents,
  uploadedTopicEnd,
} from '../../testing/video-uploaded-events';
import { S3EventOutbox } from '../s3/s3-event-outbox.adapter';

const run = promisify(execFile);
const REPO = join(__dirname, '../../../../..');
const stack = (...args: string[]) =>
  run(process.execPath, [join(REPO, 'tools/stack/stack.mjs'), ...args], {
    cwd: REPO,
    timeout: 180_000,
  });
const config = readConfig({});
const ENV = {
  UPLOAD_MAX_BYTES: String(8 * 1024 * 1024),
  VIDEO_UPLOADED_OUTBOX_INTERVAL_MS: '1000',
};

/** The pending-events gauge of a replica's /metrics. */
async function pendingGauge(baseUrl: string): Promise<number | undefined> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = /^video_uploaded_outbox_pending (\S+)$/m.exec(text);
  return line ? Number(line[1]) : undefined;
}

/**
 * ADR 0030's promise: an upload accepted while Kafka is down is announced once Kafka is back,
 * even when the replica that accepted it crashed meanwhile. Stops the stack's Kafka: run under
 * the stack-tests lock.
 */
describe('video-uploaded outbox while Kafka is down', () => {
  const prefix = `it-outbox-${randomUUID()}`;
  const keys = [`${prefix}/during-outage.mp4`, `${prefix}/before-crash.mp4`];
  const s3 = fixtureS3(config);
  const outboxClient = new S3Client({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    credentials: {
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    },
    forcePathStyle: true,
  });
  const outbox = new S3EventOutbox(
    outboxClient,
    config.S3_BUCKET,
    VIDEO_UPLOADED_TOPIC,
  );
  const ours = async () =>
    (await outbox.list(1000)).filter((r) => r.body.includes(prefix));

  afterAll(async () => {
    await Promise.all(keys.map((k) => s3.remove(k).catch(() => undefined)));
    for (const r of await ours().catch(() => [])) await outbox.remove(r.id);
    s3.destroy();
    outboxClient.destroy();
  });

  it('keeps the events of uploads finished during the outage and delivers them after it, across a crash', async () => {
    const issuer = await aSharedIssuer();
    const env = { ...ENV, AUTH_JWKS_URL: issuer.jwksUrl };
    const token = await issuer.sign({
      sub: 'outbox-tester',
      scope: 'video:read video:write',
    });
    const upload = async (baseUrl: string, key: string) => {
      const tus = tusClient(baseUrl, token);
      const body = anMp4Like(64 * 1024);
      const created = await tus.create(body.length, {
        filename: key,
        filetype: 'video/mp4',
      });
      expect(created.status).toBe(201);
      const started = Date.now();
      const done = await tus.patch(
        tus.urlOf(created.headers.get('location')),
        0,
        body,
      );
      // Accepted, and answered without waiting for Kafka.
      expect(done.status).toBe(204);
      expect(Date.now() - started).toBeLessThan(10_000);
    };
    const from = await uploadedTopicEnd();
    const first = await startStreamServiceProcess(env);
    let second: Awaited<ReturnType<typeof startStreamServiceProcess>>;
    await stack('stop', 'kafka');
    try {
      await upload(first.baseUrl, keys[0]);
      await upload(first.baseUrl, keys[1]);
      expect(
        (await ours()).map((r) => JSON.parse(r.body).videoKey).sort(),
      ).toEqual([...keys].sort());
      // The gauge counts the whole outbox: other tests' uploads may wait in it too.
      expect(await pendingGauge(first.baseUrl)).toBeGreaterThanOrEqual(2);
      // The replica that accepted them dies before Kafka returns; a new one starts.
      await first.crash();
      second = await startStreamServiceProcess(env);
    } finally {
      await first.crash();
      await stack('start', 'kafka');
    }
    const events = await collectUploadedEvents(prefix, from);
    try {
      for (const key of keys)
        expect(
          await events.waitFor((e) => e.videoKey === key, 90_000),
        ).toMatchObject({ videoKey: key, uploadProtocol: 'tus' });
      const deadline = Date.now() + 30_000;
      while ((await ours()).length > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 500));
      expect(await ours()).toEqual([]);
      while (
        (await pendingGauge(second.baseUrl)) !== 0 &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 500));
      expect(await pendingGauge(second.baseUrl)).toBe(0);
      // One replica republishes each kept event once.
      expect(events.received).toHaveLength(keys.length);
    } finally {
      await events.stop();
      await second.stop();
      await issuer.close();
    }
  }, 300_000);
});
