import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const TOKENS_ISSUED = 'auth_tokens_issued_total';

export type TokenGrant = 'dev' | 'password' | 'refresh' | 'client_credentials';

export const authMetricProviders = [
  makeCounterProvider({
    name: TOKENS_ISSUED,
    help: 'Access tokens issued, by grant (dev, password, refresh, client_credentials)',
    labelNames: ['grant'],
  }),
];
