import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The tus 1.0 protocol engine behind /v1/api/uploads (ADR 0025): it answers POST, HEAD, PATCH and
 * DELETE itself and streams the body into the upload staging. The adapter (@tus/server, wired to
 * the use cases) is in infra/tus and bound to this token in the app module.
 */
export interface ResumableUploadProtocol {
  handle(req: IncomingMessage, res: ServerResponse): Promise<unknown>;
}

export const RESUMABLE_UPLOAD_PROTOCOL = Symbol('RESUMABLE_UPLOAD_PROTOCOL');
