import type { ErrorStatusMap } from '@video-streaming/platform';
import { VideoErrorCode } from '../domain/video.errors';

/** HTTP status of every domain error code of this service (read by the JSON exception filter). */
export const errorStatusMap: Record<VideoErrorCode, ErrorStatusMap[string]> = {
  [VideoErrorCode.invalidKey]: 400,
  [VideoErrorCode.invalidListQuery]: 400,
  [VideoErrorCode.invalidPlaybackFormat]: 400,
  [VideoErrorCode.notFound]: 404,
  [VideoErrorCode.notOwned]: 403,
  [VideoErrorCode.invalidPlaybackSignature]: 403,
  [VideoErrorCode.alreadyExists]: 409,
  [VideoErrorCode.tooLarge]: 413,
  [VideoErrorCode.unsupportedType]: 415,
  [VideoErrorCode.uploadAborted]: 400,
  [VideoErrorCode.invalidUploadMetadata]: 400,
  [VideoErrorCode.uploadNotOwned]: 403,
  // Temporary by nature: clients and the gateway may retry after a short pause.
  [VideoErrorCode.storageUnavailable]: {
    status: 503,
    headers: { 'Retry-After': '5' },
  },
};
