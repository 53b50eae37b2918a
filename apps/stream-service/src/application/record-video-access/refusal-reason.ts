/**
 * The reason of a refusal whose error carried no domain code: guards answer 401/403 with
 * Nest's HTTP exceptions, and the exception filter adds no code to those.
 */
const REASON_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  416: 'RANGE_NOT_SATISFIABLE',
  429: 'TOO_MANY_REQUESTS',
  431: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
};

/** Refused: any 4xx (304 is an answer, 5xx a failure of ours, recorded by the outcome). */
export const isRefusal = (status: number): boolean =>
  status >= 400 && status < 500;

export const reasonForStatus = (status: number): string =>
  REASON_BY_STATUS[status] ?? `HTTP_${status}`;
