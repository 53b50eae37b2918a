import { DomainError } from '@video-streaming/core';

/** Stable codes, mapped to HTTP statuses in common/error-status.map.ts. */
export const AuthErrorCode = {
  InvalidRequest: 'INVALID_REQUEST',
  InvalidScope: 'INVALID_SCOPE',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  InvalidRefreshToken: 'INVALID_REFRESH_TOKEN',
  DevTokenDisabled: 'DEV_TOKEN_DISABLED',
  DatabaseUnavailable: 'DATABASE_UNAVAILABLE',
} as const;

export class InvalidRequestError extends DomainError {
  constructor(message: string) {
    super(AuthErrorCode.InvalidRequest, message);
  }
}

export class InvalidScopeError extends DomainError {
  constructor(message: string) {
    super(AuthErrorCode.InvalidScope, message);
  }
}

/** One message for an unknown email and a wrong password: no account enumeration. */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super(AuthErrorCode.InvalidCredentials, 'Invalid email or password');
  }
}

/** Unknown, expired, revoked and reused tokens all look the same to the caller. */
export class InvalidRefreshTokenError extends DomainError {
  constructor() {
    super(
      AuthErrorCode.InvalidRefreshToken,
      'Invalid or expired refresh token',
    );
  }
}

export class DevTokenDisabledError extends DomainError {
  constructor() {
    super(AuthErrorCode.DevTokenDisabled, 'Not found');
  }
}
