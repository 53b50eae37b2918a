/**
 * The route metadata key under which the required scopes are stored. Its own module, so the guard
 * (which reads it) and the decorators (which set it and apply the guard) do not import each other.
 */
export const REQUIRED_SCOPES = 'auth:required-scopes';
