/** Stable codes of stream-service's domain errors; common/error-status.map.ts gives their HTTP status. */
export const VideoErrorCode = {
  invalidKey: 'INVALID_VIDEO_KEY',
  notFound: 'VIDEO_NOT_FOUND',
  notOwned: 'VIDEO_NOT_OWNED',
  alreadyExists: 'VIDEO_ALREADY_EXISTS',
  tooLarge: 'VIDEO_TOO_LARGE',
  unsupportedType: 'UNSUPPORTED_VIDEO_TYPE',
  storageUnavailable: 'STORAGE_UNAVAILABLE',
  invalidListQuery: 'INVALID_LIST_QUERY',
  invalidPlaybackFormat: 'INVALID_PLAYBACK_FORMAT',
  invalidPlaybackSignature: 'INVALID_PLAYBACK_SIGNATURE',
  uploadAborted: 'UPLOAD_ABORTED',
  invalidUploadMetadata: 'INVALID_UPLOAD_METADATA',
  uploadNotOwned: 'UPLOAD_NOT_OWNED',
} as const;
export type VideoErrorCode =
  (typeof VideoErrorCode)[keyof typeof VideoErrorCode];
