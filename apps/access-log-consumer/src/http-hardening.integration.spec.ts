import type { INestApplication } from '@nestjs/common';
import { aTestSigner } from '@video-streaming/auth/testing';
import { bootstrapService } from '@video-streaming/platform';
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

  it.each([
    [
      'a 2 MB JSON body',
      'application/json',
      JSON.stringify({ a: 'x'.repeat(2_000_000) }),
      413,
    ],
    [
      'a 2 MB form',
      'application/x-www-form-urlencoded',
      `a=${'x'.repeat(2_000_000)}`,
      413,
    ],
    ['malformed JSON', 'application/json', '{"a":', 400],
  ])('%s is refused before authentication', async (_, type, body, status) => {
    const res = await fetch(`${baseUrl}/v1/api/access-logs`, {
      method: 'POST',
      headers: { 'Content-Type': type },
      body,
    });
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
      const res = await fetch(`${baseUrl}/v1/api/access-logs`, {
        headers: { [name]: 'a'.repeat(65_536) },
      });
      expect(res.status).toBe(431);
    },
  );

  it.each(['bearer', 'BEARER'])('serves a token after "%s"', async (scheme) => {
    const res = await fetch(`${baseUrl}/v1/api/access-logs?limit=1`, {
      headers: { Authorization: `${scheme} ${token}` },
    });
    expect(res.status).toBe(200);
  });

  it('answers a Bearer without a token with a JSON 401', async () => {
    const res = await fetch(`${baseUrl}/v1/api/access-logs`, {
      headers: { Authorization: 'Bearer' },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ statusCode: 401 });
  });
});
