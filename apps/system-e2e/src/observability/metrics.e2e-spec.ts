import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { GATEWAY, eventually } from '../support/stack';
import {
  SERVICES,
  serviceUrl,
  type ServiceName,
} from '../support/observability';

const PROMETHEUS = `http://127.0.0.1:${process.env['PROMETHEUS_PORT'] ?? 9090}`;

/** The names the Grafana dashboard and the alert rules in docker/ query, per service. */
const EXPECTED: Record<ServiceName, string[]> = {
  'auth-service': ['http_request_duration_seconds', 'auth_tokens_issued_total'],
  'stream-service': [
    'http_request_duration_seconds',
    'stream_bytes_sent_total',
    'stream_active_streams',
    'stream_s3_ttfb_seconds',
    'access_events_produced_total',
    'access_events_dropped_total',
  ],
  'access-log-consumer': [
    'http_request_duration_seconds',
    'access_log_consumer_lag',
    'access_log_batch_insert_seconds',
    'access_log_dlq_messages_total',
  ],
};

/** Debian's `promtool check metrics`: exit code and findings for an exposition on stdin. */
function promtoolCheck(
  exposition: string,
): Promise<{ code: number | null; findings: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let findings = '';
    child.stdout.on('data', (d) => (findings += d));
    child.stderr.on('data', (d) => (findings += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, findings: findings.trim() }));
    child.stdin.end(exposition);
  });
}

interface PromResult {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(promql: string): Promise<PromResult[]> {
  const res = await fetch(
    `${PROMETHEUS}/api/v1/query?query=${encodeURIComponent(promql)}`,
  );
  const body = (await res.json()) as {
    status: string;
    data?: { result: PromResult[] };
    error?: string;
  };
  if (body.status !== 'success') throw new Error(`${promql}: ${body.error}`);
  return body.data!.result;
}

describe.each(Object.keys(SERVICES) as ServiceName[])(
  '%s /metrics',
  (service) => {
    let exposition: string;

    beforeAll(async () => {
      const res = await fetch(serviceUrl(service, '/metrics'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      exposition = await res.text();
    });

    it('passes promtool check metrics', async () => {
      expect(await promtoolCheck(exposition)).toEqual({
        code: 0,
        findings: '',
      });
    });

    it('exposes the metrics the dashboard queries', () => {
      const declared = new Set(
        [...exposition.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]),
      );
      expect(EXPECTED[service].filter((name) => !declared.has(name))).toEqual(
        [],
      );
    });
  },
);

describe("the stack's Prometheus", () => {
  it.each(Object.keys(SERVICES))('scrapes %s (up == 1)', async (job) => {
    const up = await eventually(async () => {
      const [sample] = await query(`up{job="${job}"}`);
      return sample?.value[1] === '1' ? sample : undefined;
    }, 30_000);
    expect(up?.value[1]).toBe('1');
  });

  it('answers a query on the HTTP histogram after traffic', async () => {
    const token = (
      (await (
        await fetch(
          `${GATEWAY}/v1/api/auth/token?userId=e2e-metrics-${randomUUID()}`,
        )
      ).json()) as { access_token: string }
    ).access_token;
    const before = await query(
      'sum(http_request_duration_seconds_count{job="stream-service",route="/v1/api/video",status="206"})',
    );
    const start = Number(before[0]?.value[1] ?? 0);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(
        `${GATEWAY}/v1/api/video?filename=video-test.mp4`,
        { headers: { authorization: `Bearer ${token}`, range: 'bytes=0-99' } },
      );
      expect(res.status).toBe(206);
      await res.arrayBuffer();
    }
    const after = await eventually(async () => {
      const [sample] = await query(
        'sum(http_request_duration_seconds_count{job="stream-service",route="/v1/api/video",status="206"})',
      );
      return sample && Number(sample.value[1]) >= start + 3
        ? Number(sample.value[1])
        : undefined;
    }, 30_000);
    expect(after).toBeGreaterThanOrEqual(start + 3);
  });
});
