import type { ErrorStatusMap } from '@video-streaming/platform';
import { AuthErrorCode } from '../domain/auth.errors';

/** Domain error codes to HTTP statuses; the platform's JSON filter reads this map. */
export const errorStatusMap: ErrorStatusMap = {
  [AuthErrorCode.InvalidRequest]: 400,
  [AuthErrorCode.InvalidScope]: 400,
  [AuthErrorCode.InvalidCredentials]: 401,
  [AuthErrorCode.InvalidRefreshToken]: 401,
  [AuthErrorCode.DevTokenDisabled]: 404,
  [AuthErrorCode.DatabaseUnavailable]: {
    status: 503,
    headers: { 'Retry-After': '5' },
  },
};
