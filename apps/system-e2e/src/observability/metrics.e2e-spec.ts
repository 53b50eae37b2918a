import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { GATEWAY, eventually } from '../support/stack';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SERVICES,
  repoRoot,
  serviceUrl,
  type ServiceName,
} from '../support/observability';

const PROMETHEUS = `http://127.0.0.1:${process.env['PROMETHEUS_PORT'] ?? 9090}`;

/** The Grafana dashboard that docker-compose provisions: its panels query the services' metrics. */
const DASHBOARD = join(
  repoRoot,
  'docker',
  'grafana',
  'dashboards',
  'video-streaming.json',
);

/** Every `expr` string anywhere in a dashboard's JSON. */
function expressions(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(expressions);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'expr' && typeof value === 'string' ? [value] : expressions(value),
  );
}

/** The metric names a PromQL expression selects (not its functions, labels or keywords). */
function selectedMetrics(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '') // label values
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // ranges and subqueries
    .replace(
      /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g,
      ' ',
    )
    .replace(/\$\w+/g, ' ');
  const keywords = new Set([
    'bool',
    'offset',
    'and',
    'or',
    'unless',
    'by',
    'without',
  ]);
  return [...bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?/g)]
    .filter(([, name, call]) => !call && !keywords.has(name!))
    .map(([, name]) => name!);
}

/** Sample names an exposition can carry: declared names plus a histogram's series suffixes. */
function exposedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram')
      for (const suffix of ['_bucket', '_count', '_sum'])
        names.add(name! + suffix);
    if (type === 'summary')
      for (const suffix of ['_count', '_sum']) names.add(name! + suffix);
  }
  return names;
}

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

    it('exposes the HTTP duration histogram by method, route and status', () => {
      expect(exposition).toMatch(
        /^# TYPE http_request_duration_seconds histogram$/m,
      );
      expect(exposition).toMatch(
        /^http_request_duration_seconds_count\{method="[A-Z]+",route="[^"]+",status="\d{3}"\} \d+/m,
      );
    });
  },
);

describe('the Grafana dashboard', () => {
  it('queries only metrics that the services expose (no empty panels)', async () => {
    const exposed = new Set<string>(['up']); // made by Prometheus itself
    for (const service of Object.keys(SERVICES) as ServiceName[]) {
      const res = await fetch(serviceUrl(service, '/metrics'));
      for (const name of exposedNames(await res.text())) exposed.add(name);
    }
    const queried = new Set(
      expressions(JSON.parse(readFileSync(DASHBOARD, 'utf8'))).flatMap(
        selectedMetrics,
      ),
    );
    expect(queried.size).toBeGreaterThan(5);
    expect([...queried].filter((name) => !exposed.has(name))).toEqual([]);
  });
});

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
