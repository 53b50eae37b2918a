import type { INestApplication } from '@nestjs/common';
import { aTestSigner } from '@video-streaming/auth/testing';
import type { VideoAccessedEvent } from '@video-streaming/contracts';
import { aVideoAccessedEvent } from '@video-streaming/contracts/testing';
import { connectKafkaTransport } from '@video-streaming/kafka-transport';
import { bootstrapService } from '@video-streaming/platform';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AppModule } from '../app.module';
import { readConfig } from '../config';
import { AccessLogTable } from './access-log-table';
import { KafkaTestClient } from './kafka-test-client';
import { waitFor } from './stack';

export const MiB = 1024 * 1024;
export const at = (iso: string, plusSeconds = 0) =>
  new Date(Date.parse(iso) + plusSeconds * 1000).toISOString();

/**
 * The whole service in-process, consuming a private topic of the real Kafka into the real
 * PostgreSQL, with helpers to send accesses of videos named `${prefix}...` and read /stats.
 */
export function analyticsHarness() {
  const run = randomUUID().slice(0, 8);
  const prefix = `analytics-${run}-`;
  const topic = `access-analytics-it-${run}`;
  const groupId = `access-analytics-it-${run}`;
  const table = new AccessLogTable();
  const kafka = new KafkaTestClient();
  let app: INestApplication;
  let token: string;

  beforeAll(async () => {
    process.env['LOG_LEVEL'] = 'warn';
    const signer = await aTestSigner();
    token = await signer.sign({ sub: 'ops', scope: 'logs:read' });
    await kafka.createTopics([topic, `${topic}.dlq`], 1);
    const config = readConfig({
      ...process.env,
      CONSUMER_GROUP_ID: groupId,
      ACCESS_LOG_TOPIC: topic,
      ACCESS_LOG_DLQ_TOPIC: `${topic}.dlq`,
    });
    app = await bootstrapService(
      AppModule.register({ config, jwks: signer.jwks }),
      { port: 0, host: '127.0.0.1' },
    );
    // As main.ts does: the HTTP app plus the Kafka transport (a hybrid app, ADR 19).
    connectKafkaTransport(app);
    await app.startAllMicroservices();
  });

  afterAll(async () => {
    await app?.close();
    await kafka.deleteGroups([groupId]);
    await kafka.deleteTopics([topic, `${topic}.dlq`]);
    await table.deleteVideos(prefix);
    await Promise.all([table.close(), kafka.close()]);
  });

  const get = (path: string) =>
    request(app.getHttpServer())
      .get(path)
      .set('Authorization', `Bearer ${token}`);

  const send = (events: VideoAccessedEvent[]) =>
    kafka.send(
      events.map((e) => ({ key: e.videoKey, value: JSON.stringify(e) })),
      topic,
    );

  /** An access of `${prefix}${video}` by `${prefix}viewer`: 206 of 1 MiB unless told. */
  const access = (
    video: string,
    occurredAt: string,
    more: Partial<VideoAccessedEvent> & {
      status?: number;
      bytes?: number;
    } = {},
  ) => {
    const { status = 206, bytes = MiB, ...rest } = more;
    return aVideoAccessedEvent({
      videoKey: `${prefix}${video}`,
      userId: `${prefix}viewer`,
      occurredAt,
      request: {
        method: 'GET',
        range: 'bytes=0-',
        status,
        bytesSent: bytes,
        durationMs: 20,
        outcome: status < 400 ? 'completed' : 'failed',
      },
      ...rest,
    });
  };

  /** /stats once it counts `accesses` accesses (ingest is asynchronous). */
  const statsOnce = (video: string, accesses: number, query: string) =>
    waitFor(
      async () => {
        const res = await get(
          `/v1/api/access-logs/stats?filename=${prefix}${video}&${query}`,
        ).expect(200);
        return res.body.totals.accesses === accesses ? res.body : undefined;
      },
      30_000,
      `${accesses} accesses of ${video}`,
    );

  return { run, prefix, get, send, access, statsOnce };
}
