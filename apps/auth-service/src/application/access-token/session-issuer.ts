import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AuthConfig } from '../../config';
import { hashSecret, newOpaqueSecret } from '../../domain/opaque-secret';
import {
  REFRESH_TOKEN_REPOSITORY,
  type RefreshTokenRepository,
} from '../../domain/refresh-token.repository.port';
import type { UserAccount } from '../../domain/user.repository.port';
import {
  AccessTokenIssuer,
  type AccessTokenResponse,
} from './access-token.issuer';

export interface SessionTokens extends AccessTokenResponse {
  refresh_token: string;
  refresh_expires_in: number;
}

/** An access token plus a refresh token of the given family (a new family at login). */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly accessTokens: AccessTokenIssuer,
    @Inject(REFRESH_TOKEN_REPOSITORY)
    private readonly refreshTokens: RefreshTokenRepository,
    @Inject(APP_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** A new family at login; `familyId` when a refresh token of that family is rotated. */
  async issue(user: UserAccount, familyId?: string): Promise<SessionTokens> {
    const refreshToken = newOpaqueSecret();
    const ttl = this.config.refreshTokenTtlSeconds;
    await this.refreshTokens.save({
      tokenHash: hashSecret(refreshToken),
      familyId: familyId ?? randomUUID(),
      userId: user.id,
      expiresAt: new Date(Date.now() + ttl * 1000),
    });
    // Scopes are read from the account each time, so a grant or revoke applies at the next refresh.
    const access = await this.accessTokens.issue(
      user.id,
      user.scopes,
      familyId ? 'refresh' : 'password',
    );
    return { ...access, refresh_token: refreshToken, refresh_expires_in: ttl };
  }
}
