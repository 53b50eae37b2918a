import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AuthConfig } from '../../config';
import { KEY_STORE, type KeyStore } from '../../domain/key-store.port';
import {
  TOKEN_ISSUANCE_RECORDER,
  type TokenGrant,
  type TokenIssuanceRecorder,
} from '../../domain/token-issuance.port';

/** The body of every token answer (RFC 6749 §5.1). */
export interface AccessTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** Signs short-lived ES256 access tokens with the key store's active key. */
@Injectable()
export class AccessTokenIssuer {
  constructor(
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(APP_CONFIG) private readonly config: AuthConfig,
    @Inject(TOKEN_ISSUANCE_RECORDER)
    private readonly issuance: TokenIssuanceRecorder,
  ) {}

  async issue(
    subject: string,
    scopes: readonly string[],
    grant: TokenGrant,
    extraClaims: Record<string, string> = {},
  ): Promise<AccessTokenResponse> {
    const { kid, privateKey } = await this.keys.signingKey();
    const now = Math.floor(Date.now() / 1000);
    const ttl = this.config.accessTokenTtlSeconds;
    const scope = scopes.join(' ');
    const accessToken = await new SignJWT({ ...extraClaims, scope })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + ttl)
      .setJti(randomUUID())
      .sign(privateKey);
    this.issuance.issued(grant);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ttl,
      scope,
    };
  }
}
