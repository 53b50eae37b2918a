import { itRefusesHostileRequests } from '@video-streaming/platform/testing';
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

  itRefusesHostileRequests({
    baseUrl: () => t.baseUrl,
    postPath: '/v1/api/video?filename=hardening.mp4',
    getPath: '/v1/api/videos',
    authenticated: { path: '/v1/api/videos?limit=1', token: () => t.token() },
  });
});
