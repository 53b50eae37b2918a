// A minimal OTLP/HTTP JSON trace receiver for the e2e suite: every span the services export becomes
// one JSON line in a file, which the specs read (they run in other module registries, so a file is
// the simplest shared channel). Only what the assertions need is kept, attributes flattened.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname } from 'node:path';
import { gunzipSync } from 'node:zlib';

function attributeValue(value = {}) {
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('boolValue' in value) return value.boolValue;
  if ('arrayValue' in value)
    return (value.arrayValue.values ?? []).map(attributeValue);
  return null;
}

const attributes = (list = []) =>
  Object.fromEntries(
    list.map(({ key, value }) => [key, attributeValue(value)]),
  );

/** OTLP JSON (ExportTraceServiceRequest) -> flat span records. */
export function flattenSpans(request) {
  return (request.resourceSpans ?? []).flatMap(
    ({ resource, scopeSpans = [] }) => {
      const resourceAttributes = attributes(resource?.attributes);
      return scopeSpans.flatMap(({ scope, spans = [] }) =>
        spans.map((span) => ({
          service: resourceAttributes['service.name'],
          resource: resourceAttributes,
          scope: scope?.name,
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId || undefined,
          name: span.name,
          kind: span.kind,
          attributes: attributes(span.attributes),
          links: (span.links ?? []).map((l) => ({
            traceId: l.traceId,
            spanId: l.spanId,
          })),
        })),
      );
    },
  );
}

/** Starts the receiver on a free port of 127.0.0.1; resolves with { endpoint, close() }. */
export function startOtlpReceiver(spansFile) {
  mkdirSync(dirname(spansFile), { recursive: true });
  writeFileSync(spansFile, '');
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (
        req.method !== 'POST' ||
        !/json/.test(req.headers['content-type'] ?? '')
      ) {
        res
          .writeHead(415, { 'content-type': 'application/json' })
          .end('{"message":"OTLP/HTTP JSON only"}');
        return;
      }
      try {
        const raw = Buffer.concat(chunks);
        const body = JSON.parse(
          (req.headers['content-encoding'] === 'gzip'
            ? gunzipSync(raw)
            : raw
          ).toString('utf8'),
        );
        if (req.url === '/v1/traces') {
          const lines = flattenSpans(body).map((s) => JSON.stringify(s) + '\n');
          if (lines.length) appendFileSync(spansFile, lines.join(''));
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch (error) {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ message: error.message }));
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        // The exporters keep their connections alive: cut them, or close() would wait for them.
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
