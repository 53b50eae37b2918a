/**
 * A business rule said no. The code is stable across processes and languages; the HTTP status is
 * chosen by the service's exception filter, never by the domain.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** How each app maps its domain error codes to HTTP statuses (and extra headers). */
export type ErrorStatusMap = Record<
  string,
  number | { status: number; headers?: Record<string, string> }
>;
export const ERROR_STATUS_MAP = Symbol('ERROR_STATUS_MAP');
