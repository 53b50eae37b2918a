import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AuthConfig } from '../../config';
import {
  DevTokenDisabledError,
  InvalidRequestError,
} from '../../domain/auth.errors';
import { DEFAULT_USER_SCOPES, parseScopes } from '../../domain/scopes';
import {
  AccessTokenIssuer,
  type AccessTokenResponse,
} from '../access-token/access-token.issuer';

const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The seed's `GET /auth/token?userId=`: a token for any user id, without a password. For
 * development and tests only, so production answers 404 unless explicitly switched on.
 */
@Injectable()
export class IssueDevTokenUseCase {
  constructor(
    private readonly issuer: AccessTokenIssuer,
    @Inject(APP_CONFIG) private readonly config: AuthConfig,
  ) {}

  execute(
    userId: string | undefined,
    scope: string | undefined,
  ): Promise<AccessTokenResponse> {
    if (!this.config.devTokenEndpoint) throw new DevTokenDisabledError();
    if (!userId || !USER_ID.test(userId))
      throw new InvalidRequestError(
        'userId is required: 1 to 64 letters, digits, "-" or "_"',
      );
    return this.issuer.issue(
      userId,
      parseScopes(scope) ?? DEFAULT_USER_SCOPES,
      'dev',
    );
  }
}
