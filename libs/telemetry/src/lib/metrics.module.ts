import {
  Global,
  Module,
  type MiddlewareConsumer,
  type NestModule,
  type OnModuleInit,
} from '@nestjs/common';
import {
  PrometheusModule,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { FlushTracesOnShutdown } from './flush-traces-on-shutdown';
import {
  HttpMetricsMiddleware,
  HTTP_DURATION_METRIC,
} from './http-metrics.middleware';

/**
 * /metrics on the service's own port (the gateway does not route it), default process metrics and
 * http_request_duration_seconds{method,route,status}. Global, so an app's own metric providers
 * (makeCounterProvider...) land in the same registry.
 */
@Global()
@Module({
  imports: [
    PrometheusModule.register({
      path: '/metrics',
      defaultMetrics: { enabled: true },
    }),
  ],
  providers: [
    makeHistogramProvider({
      name: HTTP_DURATION_METRIC,
      help: 'HTTP request duration in seconds, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    HttpMetricsMiddleware,
    // Here because every service imports this module; tracing itself starts outside Nest.
    FlushTracesOnShutdown,
  ],
  exports: [PrometheusModule],
})
export class MetricsModule implements NestModule, OnModuleInit {
  /**
   * prom-client's default metrics include three gauges named *_total, which `promtool check
   * metrics` rejects (only counters may end in _total). Their labelled twins without the suffix
   * (nodejs_active_handles{type}...) stay, and sum() over them gives the same number.
   */
  onModuleInit(): void {
    for (const name of [
      'nodejs_active_handles_total',
      'nodejs_active_requests_total',
      'nodejs_active_resources_total',
    ]) {
      register.removeSingleMetric(name);
    }
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
