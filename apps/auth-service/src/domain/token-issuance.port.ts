/** How a token was obtained; the label of the issuance counter. */
export type TokenGrant = 'dev' | 'password' | 'refresh' | 'client_credentials';

/** Where the application reports each token it issued (Prometheus in production, a fake in tests). */
export interface TokenIssuanceRecorder {
  issued(grant: TokenGrant): void;
}

export const TOKEN_ISSUANCE_RECORDER = Symbol('TOKEN_ISSUANCE_RECORDER');
