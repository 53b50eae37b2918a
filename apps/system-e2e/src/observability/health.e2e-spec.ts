import { eventually } from '../support/stack';
import { serviceUrl, stack, type ServiceName } from '../support/observability';

interface Readiness {
  status: number;
  /**
   * What the answer says is down: terminus's failed checks by name, and the JSON error's
   * message (the services' error filter may reshape terminus's answer into one).
   */
  down: string;
  /** The raw answer, shown when an expectation fails. */
  answer: string;
}

/** stream-service's readiness while the broker is away: still up, Kafka reported unreachable. */
const KAFKA_DISCONNECTED = /"kafka":\{[^}]*"connected":false/;

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
  const message =
    isObject(body) && typeof body['message'] === 'string'
      ? body['message']
      : '';
  return {
    status: res.status,
    down: [...down, message].join(' ').trim(),
    answer: answer.slice(0, 500),
  };
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
        down: '',
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
    services: ['access-log-consumer'] as ServiceName[],
    // Streams go on during a Kafka outage (access events wait in a bounded buffer), so
    // stream-service stays ready and reports the broker as disconnected.
    degraded: ['stream-service'] as ServiceName[],
  },
  {
    component: 's3',
    services: ['stream-service'] as ServiceName[],
    degraded: [] as ServiceName[],
  },
  {
    component: 'postgres',
    services: ['access-log-consumer', 'auth-service'] as ServiceName[],
    degraded: [] as ServiceName[],
  },
])('readiness when $component is down', ({ component, services, degraded }) => {
  it.each(services)('%s is ready before the fault', async (service) => {
    expect(await until(service, (r) => r.status === 200, 60_000)).toMatchObject(
      {
        status: 200,
        down: '',
      },
    );
  });

  it(`answers 503 naming ${component}, then recovers when it is back`, async () => {
    await stack('stop', component);
    const duringFault = [];
    const liveness = [];
    try {
      for (const service of services) {
        const r = await until(
          service,
          (x) => x.status === 503 && x.down.includes(component),
          45_000,
        );
        duringFault.push({ service, ...r });
        // Not ready is not dead: liveness stays up, so an orchestrator waits instead of restarting.
        const live = await fetch(serviceUrl(service, '/health/live'));
        liveness.push({ service, status: live.status });
      }
      for (const service of degraded) {
        const r = await until(
          service,
          (x) => x.status === 200 && KAFKA_DISCONNECTED.test(x.answer),
          45_000,
        );
        duringFault.push({ service, ...r });
      }
    } finally {
      await stack('start', component);
    }
    const afterwards = [];
    for (const service of [...services, ...degraded]) {
      afterwards.push({
        service,
        ...(await until(service, (x) => x.status === 200, 120_000)),
      });
    }
    // Every service's answer is collected before asserting, so a failure shows all of them.
    expect(duringFault).toMatchObject([
      ...services.map((service) => ({
        service,
        status: 503,
        down: expect.stringContaining(component),
      })),
      ...degraded.map((service) => ({
        service,
        status: 200,
        answer: expect.stringMatching(KAFKA_DISCONNECTED),
      })),
    ]);
    expect(liveness).toEqual(
      services.map((service) => ({ service, status: 200 })),
    );
    expect(afterwards).toMatchObject(
      [...services, ...degraded].map((service) => ({
        service,
        status: 200,
        down: '',
      })),
    );
  }, 360_000);
});
