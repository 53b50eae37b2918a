import type { INestApplication } from '@nestjs/common';
import { aTestSigner } from '@video-streaming/auth/testing';
import { bootstrapService } from '@video-streaming/platform';
import { itRefusesHostileRequests } from '@video-streaming/platform/testing';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { readConfig } from './config';
import { KafkaTestClient } from './testing/kafka-test-client';

jest.setTimeout(60_000);

/** Hostile requests to the query API as deployed (platform bootstrap): JSON 4xx, never a 500. */
describe('access-log-consumer refuses hostile requests with a JSON 4xx', () => {
  const groupId = `access-log-hardening-${randomUUID().slice(0, 8)}`;
  const kafka = new KafkaTestClient();
  let app: INestApplication;
  let baseUrl: string;
  let token: string;

  beforeAll(async () => {
    process.env['LOG_LEVEL'] = 'warn';
    const signer = await aTestSigner();
    token = await signer.sign({ sub: 'ops', scope: 'logs:read' });
    await kafka.startGroupAtEnd(groupId);
    const config = readConfig({ ...process.env, CONSUMER_GROUP_ID: groupId });
    app = await bootstrapService(
      AppModule.register({ config, jwks: signer.jwks }),
      { port: 0 },
    );
    const { address, port } = app.getHttpServer().address() as AddressInfo;
    expect(address).toBe('127.0.0.1'); // HOST unset: loopback only
    baseUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await app?.close();
    await kafka.deleteGroups([groupId]);
    await kafka.close();
  });

  itRefusesHostileRequests({
    baseUrl: () => baseUrl,
    postPath: '/v1/api/access-logs',
    getPath: '/v1/api/access-logs',
    authenticated: {
      path: '/v1/api/access-logs?limit=1',
      token: async () => token,
    },
  });
});
