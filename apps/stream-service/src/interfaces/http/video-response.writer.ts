import type { Response } from 'express';
import { lookup } from 'mime-types';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StreamVideoResult } from '../../application/stream-video/stream-video.use-case';
import type { VideoMetadata } from '../../domain/object-storage.port';
import type { TrackedAccess } from './access-tracker';
import { writeEdgeRedirect, type EdgeRoute } from './edge-redirect.writer';

/** Writes status, validators and body of a GET/HEAD of a video (RFC 9110). */
export async function writeVideoResponse(
  res: Response,
  result: StreamVideoResult,
  access: TrackedAccess,
  edge?: { route: EdgeRoute; clientRange: boolean },
): Promise<void> {
  const { video } = result;
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', video.etag);
  res.setHeader('Last-Modified', video.lastModified.toUTCString());
  // Authorised per user: shared caches must not keep it.
  res.setHeader('Cache-Control', 'private, max-age=0, must-revalidate');
  switch (result.kind) {
    case 'not-modified':
      res.status(304).end();
      return;
    case 'range-not-satisfiable':
      access.refuse('RANGE_NOT_SATISFIABLE');
      res.setHeader('Content-Range', `bytes */${video.size}`);
      res.status(416).json({
        statusCode: 416,
        error: 'Range Not Satisfiable',
        message: `The object has ${video.size} bytes`,
        code: 'RANGE_NOT_SATISFIABLE',
      });
      return;
    case 'full':
      describe(res, video, video.size);
      if (result.edge && edge)
        return writeEdgeRedirect(
          res,
          result.edge,
          undefined,
          access.handOff(),
          edge,
          video.key,
        );
      res.status(200);
      return send(res, result.body, access);
    case 'partial':
      describe(res, video, result.range.end - result.range.start + 1);
      if (result.edge && edge)
        return writeEdgeRedirect(
          res,
          result.edge,
          result.range,
          access.handOff(),
          edge,
          video.key,
        );
      res.setHeader(
        'Content-Range',
        `bytes ${result.range.start}-${result.range.end}/${video.size}`,
      );
      res.status(206);
      return send(res, result.body, access);
  }
}

function describe(res: Response, video: VideoMetadata, length: number): void {
  res.setHeader('Content-Type', contentTypeOf(video));
  res.setHeader('Content-Length', String(length));
  res.setHeader('Content-Disposition', inlineDisposition(video.key));
}

export function contentTypeOf(
  video: Pick<VideoMetadata, 'key' | 'contentType'>,
): string {
  const stored = video.contentType;
  // Objects uploaded without a type come back as octet-stream: the extension knows better.
  if (
    stored &&
    stored !== 'application/octet-stream' &&
    stored !== 'binary/octet-stream'
  )
    return stored;
  return lookup(video.key) || 'application/octet-stream';
}

function inlineDisposition(key: string): string {
  const name = posix.basename(key);
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

async function send(
  res: Response,
  body: Readable | undefined,
  access: TrackedAccess,
): Promise<void> {
  if (!body) {
    res.end();
    return;
  }
  let storageError: Error | undefined;
  body.once('error', (error) => (storageError = error));
  try {
    // pipeline: backpressure from the client all the way to the S3 socket; destroys both on error.
    access.count(body);
    await pipeline(body, res);
  } catch {
    // The client leaving destroys the body without an error (or with the abort we caused);
    // an error of the S3 stream itself is a failure on our side.
    if (storageError && storageError.name !== 'AbortError') access.fail();
    res.destroy();
  }
}
