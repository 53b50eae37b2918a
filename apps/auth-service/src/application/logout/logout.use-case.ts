import { Inject, Injectable } from '@nestjs/common';
import { hashSecret } from '../../domain/opaque-secret';
import {
  REFRESH_TOKEN_REPOSITORY,
  type RefreshTokenRepository,
} from '../../domain/refresh-token.repository.port';

/** Ends the session: every refresh token of the family stops working. Idempotent. */
@Injectable()
export class LogoutUseCase {
  constructor(
    @Inject(REFRESH_TOKEN_REPOSITORY)
    private readonly tokens: RefreshTokenRepository,
  ) {}

  async execute(refreshToken: string): Promise<void> {
    const stored = await this.tokens.findByHash(hashSecret(refreshToken));
    if (stored) await this.tokens.revokeFamily(stored.familyId, new Date());
  }
}
