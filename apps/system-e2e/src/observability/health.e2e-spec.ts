import { eventually } from '../support/stack';
import { serviceUrl, stack, type ServiceName } from '../support/observability';

interface Readiness {
  status: number;
  /** The checks terminus reports as down, by name. */
  down: string[];
  /** The raw answer, shown when an expectation fails. */
  answer: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** /health/ready and the names of the checks that are down in terminus's answer. */
async function readiness(service: ServiceName): Promise<Readiness> {
  const res = await fetch(serviceUrl(service, '/health/ready'), {
    signal: AbortSignal.timeout(10_000),
  });
  const answer = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(answer);
  } catch {
    body = {};
  }
  const error = isObject(body) && isObject(body['error']) ? body['error'] : {};
  const details =
    isObject(body) && isObject(body['details']) ? body['details'] : {};
  const down = new Set([
    ...Object.keys(error),
    ...Object.entries(details)
      .filter(([, detail]) => isObject(detail) && detail['status'] === 'down')
      .map(([name]) => name),
  ]);
  return { status: res.status, down: [...down], answer: answer.slice(0, 500) };
}

const until = (
  service: ServiceName,
  ok: (r: Readiness) => boolean,
  timeoutMs: number,
) =>
  eventually(async () => {
    const r = await readiness(service).catch(
      (error: Error): Readiness => ({
        status: 0,
        down: [],
        answer: error.message,
      }),
    );
    return ok(r) ? r : undefined;
  }, timeoutMs).then(async (r) => r ?? readiness(service));

/**
 * Fault tests: each stops one component of the shared stack, checks that the services that need
 * it say so on /health/ready (503 naming it), starts it again and checks that they recover by
 * themselves. The component is restarted even when an assertion fails.
 */
describe.each([
  {
    component: 'kafka',
    services: ['stream-service', 'access-log-consumer'] as ServiceName[],
  },
  { component: 's3', services: ['stream-service'] as ServiceName[] },
  {
    component: 'postgres',
    services: ['access-log-consumer', 'auth-service'] as ServiceName[],
  },
])('readiness when $component is down', ({ component, services }) => {
  it.each(services)('%s is ready before the fault', async (service) => {
    expect(await until(service, (r) => r.status === 200, 60_000)).toMatchObject(
      {
        status: 200,
        down: [],
      },
    );
  });

  it(`answers 503 naming ${component}, then recovers when it is back`, async () => {
    await stack('stop', component);
    try {
      for (const service of services) {
        const r = await until(
          service,
          (x) => x.status === 503 && x.down.some((n) => n.includes(component)),
          45_000,
        );
        expect({ service, ...r }).toMatchObject({
          service,
          status: 503,
          down: expect.arrayContaining([expect.stringContaining(component)]),
        });
        // Not ready is not dead: liveness stays up, so an orchestrator waits instead of restarting.
        expect((await fetch(serviceUrl(service, '/health/live'))).status).toBe(
          200,
        );
      }
    } finally {
      await stack('start', component);
    }
    for (const service of services) {
      const r = await until(service, (x) => x.status === 200, 120_000);
      expect({ service, ...r }).toMatchObject({
        service,
        status: 200,
        down: [],
      });
    }
  }, 360_000);
});
