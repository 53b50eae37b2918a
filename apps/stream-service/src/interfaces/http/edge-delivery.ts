import type { Request } from 'express';
import type { StreamConfig } from '../../config';
import type { EdgeRoute } from './edge-redirect.writer';

/** Set by the gateway on every request it forwards here (docker/gateway/nginx.conf.template). */
export const EDGE_GATEWAY_HEADER = 'x-edge-gateway';

export interface DeliveryChoice {
  delivery: 'edge' | 'proxy';
  route: EdgeRoute;
}

/**
 * Edge delivery needs a gateway that can follow X-Accel-Redirect: a request that reached this port
 * without one (a health check, a test, a curl on :3020) is proxied through Node instead of getting
 * an empty body. Not a security boundary: the port is not exposed where edge mode runs (ADR 0021).
 */
export function deliveryChooser(
  config: StreamConfig,
): (req: Request) => DeliveryChoice {
  const route: EdgeRoute = {
    location: config.EDGE_LOCATION,
    cachedLocation:
      config.EDGE_CACHE === 'on' ? config.EDGE_CACHED_LOCATION : undefined,
  };
  const edge: DeliveryChoice = { delivery: 'edge', route };
  const proxy: DeliveryChoice = { delivery: 'proxy', route };
  if (config.DELIVERY_MODE !== 'edge') return () => proxy;
  return (req) => (req.headers[EDGE_GATEWAY_HEADER] === '1' ? edge : proxy);
}
