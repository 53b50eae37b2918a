import type { Response } from 'express';
import type { ByteRange, EdgeSource } from '../../domain/object-storage.port';
import type { EdgeTicket } from './access-tracker';

/** Where the gateway's internal locations are (docker/gateway/nginx.conf.template). */
export interface EdgeRoute {
  location: string;
  /** The slice-cached location, when the cache is on (ADR 0022). */
  cachedLocation: string | undefined;
}

/**
 * Answers with an internal redirect: the gateway (nginx) fetches `source` from S3 and streams it
 * (ADR 0021). The decision is ours, made by the same planner as the Node path (delivery-plan.ts):
 * - plain location: the gateway asks S3 for exactly `range` (none for a full answer), so
 *   206/200 and Content-Range are what the plan said, whatever the storage does with odd headers;
 * - cached location: nginx's slice cache fetches 1 MiB slices and answers the client's own Range
 *   itself; used only when the plan honours that Range (or there is none), so both agree.
 * Content-Type, Content-Disposition, Cache-Control and Accept-Ranges set by the caller survive
 * nginx's redirect; ETag and Last-Modified do not, so they travel in X-Edge-* headers, as do the
 * access id and context for the completion record. None of these reaches the client.
 */
export function writeEdgeRedirect(
  res: Response,
  edge: EdgeSource,
  range: ByteRange | undefined,
  ticket: EdgeTicket,
  target: { route: EdgeRoute; clientRange: boolean },
  key: string,
): void {
  const { route } = target;
  const cached = route.cachedLocation && (range || !target.clientRange);
  const location = cached ? (route.cachedLocation as string) : route.location;
  // The key as the redirect's only argument: the gateway's request log names the video ($arg_filename).
  res.setHeader(
    'X-Accel-Redirect',
    `${location}?filename=${encodeURIComponent(key)}`,
  );
  res.setHeader('X-Edge-Source', edge.pathAndQuery);
  res.setHeader('X-Edge-Host', edge.host);
  if (range && !cached)
    res.setHeader('X-Edge-Range', `bytes=${range.start}-${range.end}`);
  res.setHeader('X-Edge-ETag', String(res.getHeader('ETag')));
  res.setHeader('X-Edge-Last-Modified', String(res.getHeader('Last-Modified')));
  res.setHeader('X-Edge-Access', ticket.id);
  res.setHeader('X-Edge-Context', ticket.context);
  // An empty body of a stated length: nginx keeps its connection to this service only when it
  // knows the redirect's body has ended (Content-Length: 0). Without it (chunked) every edge
  // request paid a new TCP connection to Node (BENCHMARKS.md). nginx does not carry this
  // Content-Length over to the client's answer.
  res.setHeader('Content-Length', '0');
  // The planned status: the service's own metrics and logs say 206 for a range (nginx takes S3's).
  res.status(range ? 206 : 200).end();
}
