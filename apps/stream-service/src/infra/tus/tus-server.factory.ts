import { Server, type ServerOptions } from '@tus/server';
import type { Upload } from '@tus/utils';
import type { AuthenticatedRequest } from '@video-streaming/auth';
import { DomainError, type ErrorStatusMap } from '@video-streaming/platform';
import { randomBytes } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { StreamConfig } from '../../config';
import { ADMIN_SCOPE, type Actor } from '../../domain/video-ownership';
import type { FinishResumableUploadUseCase } from '../../application/resumable-upload/finish-resumable-upload.use-case';
import {
  assertOwnsUpload,
  type StartResumableUploadUseCase,
} from '../../application/resumable-upload/start-resumable-upload.use-case';
import type { PgAdvisoryLocker } from './pg-advisory-locker';
import { STAGING_PREFIX, type StagedUploadStore } from './staged-upload.store';

export const UPLOADS_PATH = '/v1/api/uploads';
export const TUS_SERVER = Symbol('TUS_SERVER');
const UPLOAD_ID = /^[0-9a-f]{32}$/;

export interface TusServerDeps {
  config: StreamConfig;
  store: StagedUploadStore;
  locker: PgAdvisoryLocker;
  start: StartResumableUploadUseCase;
  finish: FinishResumableUploadUseCase;
  statusOf: ErrorStatusMap;
}

const actorOf = (req: IncomingMessage): Actor => {
  const principal = (req as AuthenticatedRequest).principal;
  if (!principal)
    throw new DomainError('UNAUTHENTICATED', 'Missing Bearer token');
  return {
    userId: principal.userId,
    isAdmin: principal.scopes.includes(ADMIN_SCOPE),
  };
};

/** A tus error as the client reads it: the JSON error shape of the whole API (ARCHITECTURE.md). */
export function tusError(
  statusCode: number,
  code: string,
  message: string,
): { status_code: number; body: string } {
  const error = STATUS_CODES[statusCode] ?? 'Error';
  return {
    status_code: statusCode,
    body: JSON.stringify({ statusCode, error, message, code }),
  };
}

/**
 * The tus 1.0 server of `/v1/api/uploads` (creation, creation-with-upload, termination,
 * expiration). Upload ids are 32 hex characters; the store keeps them under the staging prefix.
 * Every hook runs after the Bearer guard; the use cases decide, this only translates.
 */
export function createTusServer(deps: TusServerDeps): Server {
  const { config, store, locker, start, finish, statusOf } = deps;
  /**
   * A complete upload still staged had its finish fail after the last byte: finish it now, under
   * its lock if free (a request holding it is finishing it), before the HEAD answers the offset.
   */
  const finishLeftover = async (upload: Upload, finishedByAdmin: boolean) => {
    const lock = locker.newLock(upload.id);
    const tryOnce = AbortSignal.abort();
    const locked = await lock
      .lock(tryOnce, async () => undefined)
      .then(
        () => true,
        () => false,
      );
    if (!locked) return;
    try {
      await finish.finishIfLeftUnfinished({
        uploadId: upload.id,
        metadata: upload.metadata ?? {},
        finishedByAdmin,
      });
    } finally {
      await lock.unlock();
    }
  };
  const options: ServerOptions & { datastore: StagedUploadStore } = {
    path: UPLOADS_PATH,
    datastore: store,
    locker,
    maxSize: config.UPLOAD_MAX_BYTES,
    relativeLocation: true,
    namingFunction: () => `${STAGING_PREFIX}${randomBytes(16).toString('hex')}`,
    generateUrl: (_req, { path, id }) =>
      `${path}/${id.slice(STAGING_PREFIX.length)}`,
    getFileIdFromRequest: (_req, lastPath) =>
      lastPath && UPLOAD_ID.test(lastPath)
        ? `${STAGING_PREFIX}${lastPath}`
        : undefined,
    onUploadCreate: async (req, res, upload: Upload) => {
      const metadata = await start.execute(
        { metadata: upload.metadata ?? {}, length: upload.size },
        actorOf(req),
      );
      return { res, metadata };
    },
    onIncomingRequest: async (req, _res, id) => {
      if (req.method === 'POST') return;
      const upload = await store.getUpload(id);
      assertOwnsUpload(upload.metadata ?? {}, actorOf(req));
      if (
        req.method === 'HEAD' &&
        upload.size !== undefined &&
        upload.offset === upload.size
      )
        await finishLeftover(upload, actorOf(req).isAdmin);
    },
    onUploadFinish: async (req, res, upload: Upload) => {
      const stored = await finish.execute({
        uploadId: upload.id,
        metadata: upload.metadata ?? {},
        finishedByAdmin: actorOf(req).isAdmin,
      });
      return {
        res,
        headers: {
          'Video-Key': encodeURIComponent(stored.key),
          'Video-ETag': stored.etag,
        },
      };
    },
    onResponseError: (_req, _res, error) => {
      if (error instanceof DomainError) {
        const mapped = statusOf[error.code];
        const status =
          typeof mapped === 'number' ? mapped : (mapped?.status ?? 500);
        return tusError(status, error.code, error.message);
      }
      if ('status_code' in error)
        return tusError(
          error.status_code,
          tusCode(error.status_code),
          error.body.trim(),
        );
      return tusError(
        500,
        'INTERNAL_ERROR',
        'The upload could not be processed',
      );
    },
  };
  return new Server(options);
}

/** Stable codes for the tus library's own refusals (offset mismatch, expired, too large...). */
function tusCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'INVALID_TUS_REQUEST',
    403: 'FORBIDDEN',
    404: 'UPLOAD_NOT_FOUND',
    409: 'UPLOAD_OFFSET_MISMATCH',
    410: 'UPLOAD_EXPIRED',
    412: 'TUS_VERSION_UNSUPPORTED',
    413: 'VIDEO_TOO_LARGE',
    415: 'INVALID_CONTENT_TYPE',
    460: 'UPLOAD_CHECKSUM_MISMATCH',
  };
  return (
    codes[status] ??
    (status >= 500 ? 'UPLOAD_SERVER_ERROR' : 'INVALID_TUS_REQUEST')
  );
}
