import { DomainError } from '@video-streaming/platform';
import { VideoKey } from '../../domain/video-key';
import { VideoErrorCode } from '../../domain/video.errors';
import { tooLarge, unsupportedType } from '../upload-video/upload-guards';
import { ACCEPTED_DECLARED_TYPES } from '../upload-video/upload-video.use-case';

/** What a tus creation request asks for, once its Upload-Metadata is decoded. */
export interface UploadCreationRequest {
  metadata: Record<string, string | null | undefined>;
  /** Upload-Length; undefined when the client deferred it. */
  length: number | undefined;
}

export interface AcceptedUpload {
  key: VideoKey;
  overwrite: boolean;
}

const invalidMetadata = (message: string) =>
  new DomainError(VideoErrorCode.invalidUploadMetadata, message);

/**
 * Checks a creation request before anything is stored: the key (metadata `filename`, the same
 * rules as `?filename=`), a declared type we accept (`filetype`), and a known length within the
 * limit. A deferred length is refused: the limit must hold before the first byte.
 */
export function acceptUploadCreation(
  request: UploadCreationRequest,
  maxBytes: number,
): AcceptedUpload {
  const { metadata, length } = request;
  if (length === undefined)
    throw invalidMetadata(
      'Upload-Length is required (Upload-Defer-Length is not supported): the size limit is checked at creation',
    );
  if (length > maxBytes) throw tooLarge(maxBytes);
  const filename = metadata['filename'];
  if (filename === undefined || filename === null || filename === '')
    throw invalidMetadata(
      'Upload-Metadata must carry filename (the video key, base64-encoded)',
    );
  const key = VideoKey.parse(filename);
  const declared = metadata['filetype']?.split(';')[0].trim().toLowerCase();
  if (declared && !ACCEPTED_DECLARED_TYPES.has(declared))
    throw unsupportedType(`filetype ${declared} is not a video type we accept`);
  const overwrite = metadata['overwrite'];
  if (
    overwrite !== undefined &&
    overwrite !== null &&
    overwrite !== 'true' &&
    overwrite !== 'false'
  )
    throw invalidMetadata(
      'Upload-Metadata overwrite must be "true" or "false"',
    );
  return { key, overwrite: overwrite === 'true' };
}
