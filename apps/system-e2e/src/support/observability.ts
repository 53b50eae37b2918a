import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { devPort, devUrl } from '@video-streaming/dev-stack';

/** Helpers of the observability specs: spans the OTLP receiver wrote, log files, stack commands. */
export const repoRoot = join(__dirname, '..', '..', '..', '..');
export const logDir = join(repoRoot, '.stack', 'logs');

export const SERVICES = {
  'auth-service': devPort('auth-service'),
  'stream-service': devPort('stream-service'),
  'access-log-consumer': devPort('access-log-consumer'),
} as const;
export type ServiceName = keyof typeof SERVICES;
export const serviceUrl = (name: ServiceName, path: string) =>
  `${devUrl(name)}${path}`;

/** OTLP span kinds (SpanKind + 1 in the protocol). */
export const SPAN_KIND = {
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
} as const;

export interface ReceivedSpan {
  service: string;
  resource: Record<string, unknown>;
  scope?: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
}

const spansFile = () =>
  process.env['E2E_SPANS_FILE'] ??
  join(repoRoot, '.stack', 'e2e', 'spans.jsonl');

export function receivedSpans(): ReceivedSpan[] {
  if (!existsSync(spansFile())) return [];
  return readFileSync(spansFile(), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ReceivedSpan);
}

/** Every line of a log that parses as JSON (the JVMs and nginx's error lines do not). */
export function jsonLogLines(file: string): Record<string, unknown>[] {
  return readText(file)
    .split('\n')
    .flatMap((line) => {
      try {
        const value: unknown = JSON.parse(line);
        return value && typeof value === 'object'
          ? [value as Record<string, unknown>]
          : [];
      } catch {
        return [];
      }
    });
}

export const readText = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8') : '';
/** A log's size now, so that a spec can read only what was written after it (`readFrom`). */
export const sizeOf = (file: string) =>
  existsSync(file) ? statSync(file).size : 0;
export const readFrom = (file: string, offset: number) =>
  existsSync(file) ? readFileSync(file).subarray(offset).toString('utf8') : '';

export const serviceLog = (name: ServiceName | 'gateway') =>
  join(logDir, `${name}.log`);

/** The gateway's access-log line of one request, found by the X-Request-Id the test sent. */
export function gatewayLine(
  requestId: string,
): Record<string, unknown> | undefined {
  return jsonLogLines(serviceLog('gateway')).find(
    (line) => line['requestId'] === requestId,
  );
}

/** `node tools/stack/stack.mjs <args>` (jest cannot import the .mjs library into a spec). */
export async function stack(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(repoRoot, 'tools', 'stack', 'stack.mjs'), ...args],
    {
      cwd: repoRoot,
      timeout: 180_000,
    },
  );
  return stdout;
}

export const sleep = (ms: number) =>
  new Promise((resolve) => setTimeout(resolve, ms));
