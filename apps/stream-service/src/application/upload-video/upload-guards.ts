import { DomainError } from '@video-streaming/platform';
import { Transform } from 'node:stream';
import {
  CONTAINER_SNIFF_BYTES,
  detectVideoContainer,
  type VideoContainer,
} from '../../domain/video-container';
import { VideoErrorCode } from '../../domain/video.errors';

export const tooLarge = (max: number) =>
  new DomainError(
    VideoErrorCode.tooLarge,
    `The video exceeds the upload limit of ${max} bytes`,
  );
export const unsupportedType = (detail: string) =>
  new DomainError(
    VideoErrorCode.unsupportedType,
    `Only MP4 (ISO-BMFF) and WebM/Matroska videos are accepted: ${detail}`,
  );

/** Counts while streaming: a body without (or lying about) Content-Length still stops at the limit. */
export function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) done(tooLarge(max));
      else done(null, chunk);
    },
  });
}

/**
 * Holds back only the first bytes until the container is recognised from them, then lets
 * everything through. It fails before the uploader has a full part, so a rejected file never
 * reaches S3.
 */
export function containerSniffer(
  onDetected: (container: VideoContainer) => void,
): Transform {
  let head: Buffer | undefined = Buffer.alloc(0);
  const check = (stream: Transform, final: boolean): Error | undefined => {
    if (!head || (head.length < CONTAINER_SNIFF_BYTES && !final))
      return undefined;
    const container = detectVideoContainer(head);
    if (!container)
      return unsupportedType(
        'the file does not start with an MP4 ftyp box or an EBML header',
      );
    onDetected(container);
    stream.push(head);
    head = undefined;
    return undefined;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!head) return done(null, chunk);
      head = Buffer.concat([head, chunk]);
      done(check(this, false));
    },
    flush(done) {
      done(
        head && head.length === 0
          ? unsupportedType('the body is empty')
          : check(this, true),
      );
    },
  });
}
