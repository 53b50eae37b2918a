import { randomBytes, randomUUID } from 'node:crypto';
import { GATEWAY, eventually } from '../support/stack';
import {
  SPAN_KIND,
  gatewayLine,
  receivedSpans,
  serviceUrl,
  type ReceivedSpan,
} from '../support/observability';

/**
 * One request through the gateway is one trace: the gateway starts it (traceparent from its
 * request id), stream-service serves and produces the access event, access-log-consumer consumes
 * and inserts it. The spans come from the services' real OTLP exporters (see global-setup.mjs).
 */
describe('distributed tracing', () => {
  let token: string;

  beforeAll(async () => {
    const res = await fetch(
      `${GATEWAY}/v1/api/auth/token?userId=e2e-trace-${randomUUID()}`,
    );
    expect(res.status).toBe(200);
    token = ((await res.json()) as { access_token: string }).access_token;
  });

  async function streamThroughGateway(headers: Record<string, string> = {}) {
    const requestId = `e2e-trace-${randomUUID()}`;
    const res = await fetch(`${GATEWAY}/v1/api/video?filename=video-test.mp4`, {
      headers: {
        authorization: `Bearer ${token}`,
        range: 'bytes=0-1023',
        'x-request-id': requestId,
        ...headers,
      },
    });
    expect(res.status).toBe(206);
    await res.arrayBuffer();
    const line = await eventually(async () => gatewayLine(requestId));
    expect(line).toBeDefined();
    return {
      traceId: String(line?.['trace_id']),
      gatewaySpanId: String(line?.['span_id']),
    };
  }

  const statement = (span: ReceivedSpan) =>
    String(
      span.attributes['db.query.text'] ?? span.attributes['db.statement'] ?? '',
    );
  const expectedSpans = {
    'stream-service HTTP server span': (s: ReceivedSpan) =>
      s.service === 'stream-service' && s.kind === SPAN_KIND.server,
    'video.access.log': (s: ReceivedSpan) =>
      s.service === 'stream-service' && s.name === 'video.access.log',
    'Kafka produce': (s: ReceivedSpan) =>
      s.service === 'stream-service' && s.kind === SPAN_KIND.producer,
    'Kafka consume': (s: ReceivedSpan) =>
      s.service === 'access-log-consumer' && s.kind === SPAN_KIND.consumer,
    'video.log.save': (s: ReceivedSpan) =>
      s.service === 'access-log-consumer' && s.name === 'video.log.save',
    // The statement that writes the row (since ADR 31 a CTE: WITH rows AS (INSERT INTO ...)).
    'PostgreSQL INSERT': (s: ReceivedSpan) =>
      s.service === 'access-log-consumer' &&
      /\bINSERT\s+INTO\s+access_logs\b/i.test(statement(s)),
  };

  function missingIn(trace: ReceivedSpan[]): string[] {
    return Object.entries(expectedSpans)
      .filter(([, matches]) => !trace.some(matches))
      .map(([name]) => name);
  }

  it('covers the gateway request, stream-service, the Kafka produce, the consume and the insert with one trace id', async () => {
    const { traceId, gatewaySpanId } = await streamThroughGateway();
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    const trace = await eventually(async () => {
      const spans = receivedSpans().filter((s) => s.traceId === traceId);
      return missingIn(spans).length === 0 ? spans : undefined;
    }, 60_000);
    const spans = trace ?? receivedSpans().filter((s) => s.traceId === traceId);
    expect({ traceId, missing: missingIn(spans) }).toEqual({
      traceId,
      missing: [],
    });

    // The gateway's own (unexported) span is the parent of stream-service's server span.
    const server = spans.find(expectedSpans['stream-service HTTP server span']);
    expect(server?.parentSpanId).toBe(gatewaySpanId);
  });

  it('continues a trace the client already started', async () => {
    const clientTraceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    const { traceId, gatewaySpanId } = await streamThroughGateway({
      traceparent: `00-${clientTraceId}-${clientSpanId}-01`,
    });
    expect({ traceId, gatewaySpanId }).toEqual({
      traceId: clientTraceId,
      gatewaySpanId: clientSpanId,
    });

    const server = await eventually(async () =>
      receivedSpans().find(
        (s) =>
          s.traceId === clientTraceId &&
          s.service === 'stream-service' &&
          s.kind === SPAN_KIND.server,
      ),
    );
    expect(server?.parentSpanId).toBe(clientSpanId);
  });

  it('names the service, its version and the deployment environment on every span', async () => {
    const services = await eventually(async () => {
      const names = new Set(receivedSpans().map((s) => s.service));
      return ['auth-service', 'stream-service', 'access-log-consumer'].every(
        (n) => names.has(n),
      )
        ? names
        : undefined;
    });
    expect(services).toBeDefined();
    for (const span of receivedSpans()) {
      expect(span.resource).toEqual(
        expect.objectContaining({
          'service.version': expect.any(String),
          'deployment.environment': 'development',
        }),
      );
    }
  });

  it('makes no spans for metric scrapes and health probes', async () => {
    const marker = randomUUID();
    await fetch(serviceUrl('stream-service', `/metrics?probe=${marker}`));
    await fetch(serviceUrl('stream-service', `/health/live?probe=${marker}`));
    await fetch(`${GATEWAY}/v1/api/videos?probe=${marker}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    // The listing's span shows the exporter delivered; the probes' spans would have come with it.
    const listing = await eventually(async () =>
      receivedSpans().find((s) =>
        JSON.stringify(s.attributes).includes(marker),
      ),
    );
    expect(listing).toBeDefined();
    const probes = receivedSpans().filter(
      (s) =>
        JSON.stringify(s.attributes).includes(marker) &&
        /\/(metrics|health)/.test(JSON.stringify(s.attributes)),
    );
    expect(probes).toEqual([]);
  });
});
