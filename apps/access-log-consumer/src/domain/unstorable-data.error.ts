/**
 * The storage refused the rows' data itself (a value out of range, an invalid byte sequence):
 * the same rows will be refused on every attempt, so retrying the batch cannot help. A repository
 * throws it instead of its driver's error; a connection or timeout failure is never one.
 */
export class UnstorableDataError extends Error {
  readonly code = 'UNSTORABLE_DATA';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnstorableDataError';
  }
}
