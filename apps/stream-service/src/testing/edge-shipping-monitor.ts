import { Counter, Gauge } from 'prom-client';
import type { StreamConfig } from '../config';
import { EdgeShippingMonitor } from '../infra/edge-log/edge-shipping.monitor';

/**
 * The real monitor the shipper reports to in production (`edge-log` in /health/ready), on
 * metrics of its own so that tests can make as many as they like.
 */
export function anEdgeShippingMonitor(
  config: Pick<StreamConfig, 'EDGE_LOG_POLL_MS'>,
): EdgeShippingMonitor {
  const counter = (name: string) =>
    new Counter({ name, help: name, registers: [] });
  return new EdgeShippingMonitor(
    config as StreamConfig,
    counter('records_shipped'),
    counter('records_malformed'),
    counter('ship_failures'),
    new Gauge({ name: 'lag', help: 'lag', registers: [] }),
    counter('bytes_streamed'),
  );
}
