import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { startTelemetry, stopTelemetry } from './start-telemetry';

/**
 * `npm start` runs the services with OTEL_TRACES_EXPORTER=zipkin and the native stack's Zipkin
 * endpoint: the SDK must then post Zipkin v2 JSON there (and nowhere else be configured in code).
 */
describe('startTelemetry with OTEL_TRACES_EXPORTER=zipkin', () => {
  let server: Server;
  const received: unknown[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ path: req.url, spans: JSON.parse(body) });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    process.env['OTEL_TRACES_EXPORTER'] = 'zipkin';
    process.env['OTEL_EXPORTER_ZIPKIN_ENDPOINT'] =
      `http://127.0.0.1:${port}/api/v2/spans`;
    delete process.env['OTEL_SDK_DISABLED'];
  });

  afterAll(async () => {
    process.env = saved;
    await new Promise((r) => server.close(r));
  });

  it('sends the spans to the Zipkin endpoint under the service name', async () => {
    startTelemetry('zipkin-spec-service');
    trace
      .getTracer('spec')
      .startActiveSpan('video.access.log', (span) => span.end());
    await stopTelemetry(); // flushes the batch

    expect(received).toEqual([
      {
        path: '/api/v2/spans',
        spans: [
          expect.objectContaining({
            name: 'video.access.log',
            localEndpoint: { serviceName: 'zipkin-spec-service' },
          }),
        ],
      },
    ]);
  });
});
