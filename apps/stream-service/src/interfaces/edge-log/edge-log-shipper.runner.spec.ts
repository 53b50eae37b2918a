import type { ShipEdgeCompletionsUseCase } from '../../application/ship-edge-completions/ship-edge-completions.use-case';
import type { StreamConfig } from '../../config';
import type { CompletionLog } from '../../domain/completion-log.port';
import { anEdgeShippingMonitor } from '../../testing/edge-shipping-monitor';
import { EdgeLogShipperRunner } from './edge-log-shipper.runner';

/** A shipper whose batches the test answers one by one. */
function aRunner() {
  const batches: Array<{ resolve(): void; reject(e: Error): void }> = [];
  let calls = 0;
  const ship = {
    shipOnce: () => {
      calls++;
      return new Promise((resolve, reject) =>
        batches.push({
          resolve: () => resolve({ lines: 0, events: [], malformed: 0 }),
          reject,
        }),
      );
    },
  } as unknown as ShipEdgeCompletionsUseCase;
  const log = { lagBytes: () => 42 } as unknown as CompletionLog;
  const config = {
    EDGE_LOG_BATCH_MAX_RECORDS: 10,
    EDGE_LOG_POLL_MS: 10,
  } as StreamConfig;
  const monitor = anEdgeShippingMonitor(config);
  const runner = new EdgeLogShipperRunner(ship, log, config, monitor);
  const next = async () => {
    while (batches.length === 0) await new Promise((r) => setTimeout(r, 2));
    return batches.shift() as (typeof batches)[number];
  };
  /** What /health/ready says about the shipper (`edge-log`). */
  const readiness = () => monitor.check();
  return { runner, next, readiness, calls: () => calls };
}

describe('EdgeLogShipperRunner', () => {
  it('tells readiness how it goes: the lag, the failed rounds in a row and why, cleared by a success', async () => {
    const { runner, next, readiness } = aRunner();
    expect(readiness().details).toEqual({
      lagBytes: 0,
      lastShippedAt: null,
      failedRoundsInARow: 0,
    });
    runner.onApplicationBootstrap();
    (await next()).resolve();
    (await next()).reject(new Error('The producer is disconnected'));
    const pending = await next();
    expect(readiness()).toEqual({
      up: true,
      details: {
        lagBytes: 42,
        lastShippedAt: expect.any(String),
        failedRoundsInARow: 1,
        lastError: 'The producer is disconnected',
      },
    });
    pending.resolve();
    await runner.beforeApplicationShutdown();
    expect(readiness().details).toEqual({
      lagBytes: 42,
      lastShippedAt: expect.any(String),
      failedRoundsInARow: 0,
    });
  });

  // Nest runs every beforeApplicationShutdown hook before any onApplicationShutdown hook, where
  // the Kafka producer is disconnected: the batch in flight ends on a connected producer.
  it('finishes the batch in flight before the shutdown hooks run, and ships nothing after', async () => {
    const { runner, next, calls } = aRunner();
    runner.onApplicationBootstrap();
    const inFlight = await next();
    let stopped = false;
    const stopping = runner.beforeApplicationShutdown().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    inFlight.resolve();
    await stopping;
    await new Promise((r) => setTimeout(r, 30));
    expect(calls()).toBe(1);
  });
});
