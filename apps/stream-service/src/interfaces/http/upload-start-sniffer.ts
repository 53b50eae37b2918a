import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { unsupportedType } from '../../application/upload-video/upload-guards';
import {
  CONTAINER_SNIFF_BYTES,
  detectVideoContainer,
} from '../../domain/video-container';

const TUS_BODY_TYPE = 'application/offset+octet-stream';

/** A tus request whose body starts at byte 0 of the file: a first PATCH, or a creation-with-upload POST. */
export function startsTheFile(req: IncomingMessage): boolean {
  if (req.headers['content-type']?.toLowerCase() !== TUS_BODY_TYPE)
    return false;
  if (req.headers['content-length'] === '0') return false;
  if (req.method === 'POST') return true;
  return req.method === 'PATCH' && req.headers['upload-offset'] === '0';
}

/**
 * Reads the first bytes of the body, puts them back, and refuses the request when they are not
 * an MP4 or WebM/Matroska header: a renamed file is refused before any part reaches S3. The
 * finishing check re-reads them from S3, for uploads whose first request was cut short.
 */
export async function assertBodyStartsWithVideo(req: Readable): Promise<void> {
  const head = await peek(req, CONTAINER_SNIFF_BYTES);
  if (head.length < CONTAINER_SNIFF_BYTES)
    throw unsupportedType(
      `the first request of an upload must carry at least ${CONTAINER_SNIFF_BYTES} bytes`,
    );
  if (!detectVideoContainer(head))
    throw unsupportedType(
      'the file does not start with an MP4 ftyp box or an EBML header',
    );
}

function peek(stream: Readable, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let ended = false;
    const finish = (error?: Error) => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', finish);
      if (error) return reject(error);
      const head = Buffer.concat(chunks);
      if (!ended && head.length > 0) stream.unshift(head);
      resolve(head);
    };
    const onReadable = () => {
      let chunk: Buffer | null;
      while (
        length < bytes &&
        (chunk = stream.read() as Buffer | null) !== null
      ) {
        chunks.push(chunk);
        length += chunk.length;
      }
      if (length >= bytes) finish();
    };
    const onEnd = () => {
      ended = true;
      finish();
    };
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', finish);
  });
}
