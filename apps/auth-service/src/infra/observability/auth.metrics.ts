import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type {
  TokenGrant,
  TokenIssuanceRecorder,
} from '../../domain/token-issuance.port';

export const TOKENS_ISSUED = 'auth_tokens_issued_total';

/** Counts issued tokens by grant in `auth_tokens_issued_total`. */
@Injectable()
export class PrometheusTokenIssuanceRecorder implements TokenIssuanceRecorder {
  constructor(
    @InjectMetric(TOKENS_ISSUED) private readonly counter: Counter<string>,
  ) {}

  issued(grant: TokenGrant): void {
    this.counter.inc({ grant });
  }
}

export const authMetricProviders = [
  makeCounterProvider({
    name: TOKENS_ISSUED,
    help: 'Access tokens issued, by grant (dev, password, refresh, client_credentials)',
    labelNames: ['grant'],
  }),
];
