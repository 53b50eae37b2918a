import { DomainError } from '@video-streaming/platform';
import { VideoErrorCode } from '../../domain/video.errors';

// The cursor wraps S3's continuation token so clients treat it as opaque and we may change it.
const PREFIX = 'v1:';

export const encodeCursor = (token: string): string =>
  Buffer.from(PREFIX + token, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  const decoded = /^[A-Za-z0-9_-]+$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  if (!decoded.startsWith(PREFIX) || decoded.length === PREFIX.length)
    throw invalidCursor();
  return decoded.slice(PREFIX.length);
}

export const invalidCursor = () =>
  new DomainError(
    VideoErrorCode.invalidListQuery,
    'cursor is not one this service issued',
  );
