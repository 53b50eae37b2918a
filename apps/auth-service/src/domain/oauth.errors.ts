import { DomainError } from '@video-streaming/core';

/** The error codes of RFC 6749 §5.2 that the client_credentials grant can produce. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unauthorized_client';

/** Answered in RFC 6749 form (`{ error, error_description }`) by the OAuth endpoint's own filter. */
export class OAuthError extends DomainError {
  constructor(
    readonly error: OAuthErrorCode,
    description: string,
  ) {
    super(`OAUTH_${error.toUpperCase()}`, description);
  }
}
