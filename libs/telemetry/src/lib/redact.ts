/**
 * The one redaction of credentials in URLs and headers, for every log line and span the services
 * write. Servers decode query keys before reading them (`%73ig` is `sig` to Express), so keys are
 * compared after decoding, repeatedly, case-insensitively, and every occurrence is cut.
 */
export const REDACTED = '[Redacted]';

/** Query keys whose values are credentials, compared lower case after decoding. */
export const SENSITIVE_QUERY_KEYS: readonly string[] = [
  'sig',
  'signature',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'password',
  'passwd',
  'secret',
  'client_secret',
  'api_key',
  'apikey',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'awsaccesskeyid',
];
const SENSITIVE = new Set(SENSITIVE_QUERY_KEYS);
/** Names that end like a credential (`upload_token`, `x-goog-signature`) are cut as well. */
const SENSITIVE_SUFFIX = /[_.-](token|secret|password|signature|credential)$/;

/** Headers that carry credentials. */
export const SENSITIVE_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  // stream-service's edge redirect: the access context (client address, user agent) of ADR 0021.
  'x-edge-context',
];

/**
 * Paths whose next segment is a credential: the HLS playback grant of
 * `/v1/api/video/hls/<grant>/...` (ADR 0026). The one list: the gateways' nginx `map $uri $log_uri`
 * (docker/gateway/nginx.conf.template, the Kubernetes edge's edge-nginx.conf) must cut the same
 * segment, which sensitive-path-prefixes.spec.ts checks.
 */
export const SENSITIVE_PATH_PREFIXES: readonly string[] = [
  '/v1/api/video/hls/',
];
const SENSITIVE_PATH_SEGMENT = new RegExp(
  `(${SENSITIVE_PATH_PREFIXES.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})[^/?#]+`,
  'gi',
);

const MAX_DECODE_ROUNDS = 8;

/** `%XX` to its byte, leaving malformed escapes as they are (decodeURIComponent would throw). */
function percentDecode(text: string): string {
  return text
    .replace(/\+/g, ' ')
    .replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
}

/** What a server could take the key for: decoded until stable (`%2573ig` -> `%73ig` -> `sig`), lower case. */
export function canonicalQueryKey(raw: string): string {
  let key = raw;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    const decoded = percentDecode(key);
    if (decoded === key) break;
    key = decoded;
  }
  return key.trim().toLowerCase();
}

/** `sig`, `SIG`, `sig[]`, `user[password]`, `a.token` are all sensitive. */
export function isSensitiveQueryKey(raw: string): boolean {
  // A key decoded to `sig=abc` (the `=` was escaped) hides the value inside the key.
  const key = canonicalQueryKey(raw).split('=')[0] ?? '';
  const names = [key, ...key.split(/[[\].]/)]
    .map((n) => n.trim())
    .filter(Boolean);
  return names.some((n) => SENSITIVE.has(n) || SENSITIVE_SUFFIX.test(n));
}

/** A query string (without `?`) with the value of every sensitive key replaced. */
export function redactQuery(query: string): string {
  // `;` separates pairs for some servers: splitting on it too can only cut more, never less.
  return query
    .split(/([&;])/)
    .map((part, i) => {
      if (i % 2 === 1 || part === '') return part;
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      if (!isSensitiveQueryKey(key)) return part;
      return eq < 0 ? REDACTED : `${key}=${REDACTED}`;
    })
    .join('');
}

/**
 * A URL (path with query, or absolute) safe to log: sensitive query and fragment values, any
 * user:password@ and the HLS grant in the path are replaced; the rest of the path stays.
 */
export function redactUrl(url: string): string;
export function redactUrl(url: string | undefined): string | undefined;
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const hash = url.indexOf('#');
  const beforeHash = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? '' : `#${redactQuery(url.slice(hash + 1))}`;
  const q = beforeHash.indexOf('?');
  const path = (q < 0 ? beforeHash : beforeHash.slice(0, q))
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, `$1${REDACTED}@`)
    .replace(SENSITIVE_PATH_SEGMENT, `$1${REDACTED}`);
  const query = q < 0 ? '' : `?${redactQuery(beforeHash.slice(q + 1))}`;
  return `${path}${query}${fragment}`;
}

/** A copy of the headers with credentials replaced and URLs (Location, Referer) redacted. */
export function redactHeaders<H extends Record<string, unknown>>(
  headers: H | undefined,
): H | undefined {
  if (!headers) return headers;
  const copy: Record<string, unknown> = { ...headers };
  for (const name of Object.keys(copy)) {
    const lower = name.toLowerCase();
    if (SENSITIVE_HEADERS.includes(lower)) copy[name] = REDACTED;
    else if (
      (lower === 'location' ||
        lower === 'referer' ||
        // The edge redirect's presigned S3 source (path and signed query).
        lower === 'x-edge-source' ||
        lower === 'content-location') &&
      typeof copy[name] === 'string'
    )
      copy[name] = redactUrl(copy[name] as string);
  }
  return copy as H;
}
