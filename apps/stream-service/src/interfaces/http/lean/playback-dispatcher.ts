import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** A playback request the lean route serves, with the parameters Express would have given it. */
export type LeanRoute =
  | { kind: 'stream' }
  | { kind: 'hls'; grant: string; path: string[] };

export const STREAM_ROUTE = '/v1/api/video';
export const HLS_ROUTE = '/v1/api/video/hls/:grant/*path';

/** Characters a grant or HLS file name may have without anything to decode. */
const SEGMENT = '[A-Za-z0-9_.~-]+';
const HLS_PATH = new RegExp(
  `^/v1/api/video/hls/(${SEGMENT})/(${SEGMENT}(?:/${SEGMENT})*)$`,
);

/**
 * Which requests take the lean route: GET and HEAD of the canonical playback paths, nothing else.
 * Whatever Express would treat in a way of its own (another case, a trailing or doubled slash, a
 * percent-encoded path, a fragment, an absolute-form target, another method) falls through to
 * the Express app and is answered exactly as before; so are uploads, listing, health and metrics.
 */
export function leanRouteOf(
  method: string | undefined,
  url: string | undefined,
): LeanRoute | undefined {
  if ((method !== 'GET' && method !== 'HEAD') || !url || url.includes('#'))
    return undefined;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (path === STREAM_ROUTE) return { kind: 'stream' };
  const hls = HLS_PATH.exec(path);
  return hls
    ? { kind: 'hls', grant: hls[1], path: hls[2].split('/') }
    : undefined;
}

export type LeanHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  route: LeanRoute,
) => void;

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts `lean` in front of the server's own 'request' listeners (the Express app Nest created):
 * a playback request goes to `lean`, every other request to them, unchanged. Instrumentation
 * that patches the server (OpenTelemetry's HTTP server span) still wraps both.
 */
export function installPlaybackDispatcher(
  server: Server,
  lean: LeanHandler,
): void {
  const framework = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const route = leanRouteOf(req.method, req.url);
    if (route) return lean(req, res, route);
    for (const listener of framework) listener.call(server, req, res);
  });
}
