import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startEdgeGateway, type EdgeGateway } from '../../testing/edge-gateway';
import { collectAccessEvents } from '../../testing/kafka-events';
import { startShipperProcess } from '../../testing/shipper-process';
import { startTestApp, type TestApp } from '../../testing/test-app';

const REQUESTS = 300;

/**
 * The gateway writes completion records while the process that ships them is SIGKILLed twice and
 * restarted: every access still becomes exactly one distinct event id in Kafka, with its bytes.
 */
describe('the edge completion-log shipper killed mid-stream (real Kafka, real nginx)', () => {
  let gateway: EdgeGateway;
  let app: TestApp;

  beforeAll(async () => {
    gateway = await startEdgeGateway(3220, 3221);
    // The service that answers the redirects ships nothing itself: the child process does.
    app = await startTestApp({ PORT: '3221', DELIVERY_MODE: 'edge' });
  });
  afterAll(async () => {
    await app.close();
    await gateway.stop();
  });

  it('loses no record and ships each access under one event id', async () => {
    const userId = `it-ship-${randomUUID()}`;
    const events = await collectAccessEvents(userId);
    const shipperEnv = {
      EDGE_LOG_PATH: gateway.logPath,
      EDGE_LOG_POLL_MS: '20',
      // Small batches: the kills land between a send and the position it would commit.
      EDGE_LOG_BATCH_MAX_RECORDS: '7',
      AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
    };
    let shipper = await startShipperProcess(3222, shipperEnv);
    try {
      const bearer = `Bearer ${await app.token({ sub: userId })}`;
      const sent = new Map<string, number>();
      for (let i = 0; i < REQUESTS; i++) {
        const range = `bytes=${i}-${i * 3}`;
        const res = await fetch(
          `${gateway.baseUrl}/v1/api/video?filename=video-test.mp4`,
          { headers: { authorization: bearer, range } },
        );
        sent.set(range, (await res.arrayBuffer()).byteLength);
        if (i === 100 || i === 200) {
          await shipper.kill();
          shipper = await startShipperProcess(3222, shipperEnv);
        }
      }
      const received = await waitForDistinct(events, REQUESTS);
      const ids = new Set(received.map((r) => r.event.eventId));
      expect(ids.size).toBe(REQUESTS);
      const log = readFileSync(gateway.logPath, 'utf8').trim().split('\n');
      const logged = new Set(
        log.map((l) => (JSON.parse(l) as { id: string }).id),
      );
      for (const id of ids) expect(logged.has(id)).toBe(true);
      for (const { event } of received)
        expect(event.request.bytesSent).toBe(
          sent.get(event.request.range ?? ''),
        );
    } finally {
      await shipper.kill();
      await events.stop();
    }
  }, 180_000);
});

async function waitForDistinct(
  events: Awaited<ReturnType<typeof collectAccessEvents>>,
  count: number,
) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const all = events.received;
    if (
      new Set(all.map((r) => r.event.eventId)).size >= count ||
      Date.now() > deadline
    )
      return all;
    await new Promise((r) => setTimeout(r, 200));
  }
}
