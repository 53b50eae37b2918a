import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The gateway cannot decode query keys as the services do (`&%73ig=` is `sig` to them), so its
 * logs must never hold the query at all. This reads the template every gateway renders (compose,
 * Kubernetes and the native stack).
 */
const TEMPLATE = join(
  __dirname,
  '../../../../docker/gateway/nginx.conf.template',
);
/** Variables that hold the raw query, or a URL that can carry one. */
const FORBIDDEN = [
  'request',
  'request_uri',
  'args',
  'query_string',
  'is_args',
  'request_body',
  'http_referer',
  'sent_http_location',
  'upstream_http_location',
  'http_authorization',
  'http_cookie',
];
/** Query arguments that are safe to log on their own. */
const SAFE_ARGS = ['arg_filename'];

const config = readFileSync(TEMPLATE, 'utf8')
  .split('\n')
  .filter((line) => !/^\s*#/.test(line))
  .join('\n');

const logFormats = [
  ...config.matchAll(/\blog_format\s+(\S+)[^']*((?:'[^']*'\s*)+);/g),
].map(([, name, body]) => ({ name, body }));
const variablesOf = (text: string) =>
  [...text.matchAll(/\$\{?([a-z_][a-z0-9_]*)/gi)].map((m) =>
    m[1].toLowerCase(),
  );
/** The variables a log_format variable is made of, through the template's maps. */
const mapSources = new Map(
  [...config.matchAll(/\bmap\s+\$(\S+)\s+\$(\S+)\s*\{/g)].map(
    ([, source, target]) => [target, source],
  ),
);

function withSources(variables: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...variables];
  while (queue.length) {
    const v = queue.pop() as string;
    if (seen.has(v)) continue;
    seen.add(v);
    const source = mapSources.get(v);
    if (source) queue.push(source);
  }
  return [...seen];
}

describe('the gateway log format', () => {
  it('is defined', () => {
    expect(logFormats.map((f) => f.name)).toContain('gateway');
  });

  it.each(logFormats.map((f) => [f.name, f.body]))(
    '%s logs no query string, no URL that can carry one and no credential',
    (name, body) => {
      const used = withSources(variablesOf(body));
      expect(used.filter((v) => FORBIDDEN.includes(v))).toEqual([]);
      expect(
        used.filter((v) => v.startsWith('arg_') && !SAFE_ARGS.includes(v)),
      ).toEqual([]);
      // A request log says which path; the edge completion record (ADR 0021) names its access id.
      expect(used).toContain(
        name === 'edge_completion' ? 'edge_access' : 'uri',
      );
    },
  );

  it("names a format on every access_log (nginx's default 'combined' logs $request)", () => {
    const accessLogs = [...config.matchAll(/\baccess_log\s+([^;]+);/g)].map(
      ([, args]) => args.trim().split(/\s+/),
    );
    expect(accessLogs.length).toBeGreaterThan(0);
    for (const args of accessLogs) {
      if (args[0] === 'off') continue;
      expect(logFormats.map((f) => f.name)).toContain(args[1]);
    }
  });

  it('keeps error lines, which quote the request line, to critical ones inside the server', () => {
    const server = config.slice(config.search(/\bserver\s*\{/));
    const levels = [...server.matchAll(/\berror_log\s+\S+\s+(\w+)\s*;/g)].map(
      ([, level]) => level,
    );
    expect(levels.length).toBeGreaterThan(0);
    expect(
      levels.filter((level) => !['crit', 'alert', 'emerg'].includes(level)),
    ).toEqual([]);
  });
});
