import { Inject, Injectable, Logger } from '@nestjs/common';
import { InvalidRefreshTokenError } from '../../domain/auth.errors';
import { hashSecret } from '../../domain/opaque-secret';
import {
  REFRESH_TOKEN_REPOSITORY,
  type RefreshTokenRepository,
} from '../../domain/refresh-token.repository.port';
import {
  USER_REPOSITORY,
  type UserRepository,
} from '../../domain/user.repository.port';
import {
  SessionIssuer,
  type SessionTokens,
} from '../access-token/session-issuer';

/**
 * Exchanges a refresh token for a new pair (rotation). A token presented twice means one copy
 * was stolen: the whole family is revoked, so neither the thief nor the user can go on with it.
 */
@Injectable()
export class RefreshSessionUseCase {
  private readonly logger = new Logger(RefreshSessionUseCase.name);

  constructor(
    @Inject(REFRESH_TOKEN_REPOSITORY)
    private readonly tokens: RefreshTokenRepository,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    private readonly sessions: SessionIssuer,
  ) {}

  async execute(refreshToken: string): Promise<SessionTokens> {
    const now = new Date();
    const stored = await this.tokens.findByHash(hashSecret(refreshToken));
    if (!stored || stored.revokedAt || stored.expiresAt <= now)
      throw new InvalidRefreshTokenError();
    if (stored.usedAt || !(await this.tokens.markUsed(stored.id, now))) {
      this.logger.warn(
        { familyId: stored.familyId, userId: stored.userId },
        'refresh token reused: family revoked',
      );
      await this.tokens.revokeFamily(stored.familyId, now);
      throw new InvalidRefreshTokenError();
    }
    const user = await this.users.findById(stored.userId);
    if (!user) throw new InvalidRefreshTokenError();
    return this.sessions.issue(user, stored.familyId);
  }
}
