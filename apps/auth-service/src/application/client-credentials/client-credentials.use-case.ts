import { Inject, Injectable } from '@nestjs/common';
import {
  API_CLIENT_REPOSITORY,
  type ApiClientRepository,
} from '../../domain/api-client.repository.port';
import { InvalidScopeError } from '../../domain/auth.errors';
import { OAuthError } from '../../domain/oauth.errors';
import { hashSecret, secretMatches } from '../../domain/opaque-secret';
import { narrowScopes, parseScopes } from '../../domain/scopes';
import {
  AccessTokenIssuer,
  type AccessTokenResponse,
} from '../access-token/access-token.issuer';

export interface ClientCredentialsRequest {
  grantType: string | undefined;
  clientId: string;
  clientSecret: string;
  scope: string | undefined;
}

// Compared against when the client id is unknown, so both failures take the same time.
const UNKNOWN_CLIENT_HASH = hashSecret('unknown-client');

/** OAuth2 client_credentials (RFC 6749 §4.4): a token for a machine caller, no refresh token. */
@Injectable()
export class ClientCredentialsUseCase {
  constructor(
    @Inject(API_CLIENT_REPOSITORY)
    private readonly clients: ApiClientRepository,
    private readonly issuer: AccessTokenIssuer,
  ) {}

  async execute(
    request: ClientCredentialsRequest,
  ): Promise<AccessTokenResponse> {
    if (request.grantType !== 'client_credentials')
      throw new OAuthError(
        'unsupported_grant_type',
        'Only grant_type=client_credentials is supported',
      );
    const client = await this.clients.findByClientId(request.clientId);
    const secretOk = secretMatches(
      request.clientSecret,
      client?.secretHash ?? UNKNOWN_CLIENT_HASH,
    );
    if (!client || !secretOk || client.revoked)
      throw new OAuthError('invalid_client', 'Client authentication failed');
    try {
      const scopes = narrowScopes(parseScopes(request.scope), client.scopes);
      if (!scopes.length)
        throw new OAuthError(
          'invalid_scope',
          'The client has no scope it may be granted',
        );
      return await this.issuer.issue(
        client.clientId,
        scopes,
        'client_credentials',
        { client_id: client.clientId },
      );
    } catch (error) {
      if (error instanceof InvalidScopeError)
        throw new OAuthError('invalid_scope', error.message);
      throw error;
    }
  }
}
