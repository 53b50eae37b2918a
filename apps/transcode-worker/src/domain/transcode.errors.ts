/**
 * The source can never be transcoded (not a video, corrupt, too long, gone): the job ends as
 * video-failed with this reason and its message is committed, so it cannot stall the partition.
 */
export class UnplayableSourceError extends Error {
  override readonly name = 'UnplayableSourceError';
  constructor(
    readonly code:
      | 'SOURCE_NOT_FOUND'
      | 'NOT_A_VIDEO'
      | 'NO_VIDEO_STREAM'
      | 'SOURCE_TOO_LONG'
      | 'SOURCE_EMPTY'
      | 'TRANSCODE_FAILED',
    message: string,
  ) {
    super(message);
  }
}

/** The job was stopped (shutdown): nothing was published past what was there, and it will be redone. */
export class JobCancelledError extends Error {
  override readonly name = 'JobCancelledError';
  constructor(message = 'transcode cancelled by shutdown') {
    super(message);
  }
}
