import { Injectable } from '@nestjs/common';
import type { HlsGrant } from '../../domain/hls-grant';
import { RenditionPath } from '../../domain/rendition-path';
import { VideoKey } from '../../domain/video-key';
import {
  StreamVideoUseCase,
  type StreamVideoCommand,
  type StreamVideoResult,
} from '../stream-video/stream-video.use-case';
import { HlsUrls } from './hls-urls';

export interface ServeRenditionCommand extends Omit<StreamVideoCommand, 'key'> {
  /** The file inside the video's HLS prefix, as requested (validated here). */
  path: unknown;
}

/**
 * A playlist, segment or poster of a video, authorized by the grant in its URL (ADR 0026), then
 * delivered exactly like the MP4: the same use case (ranges, validators, S3 read) and the same
 * response writer, so whatever delivery mode the MP4 has, the renditions have too.
 */
@Injectable()
export class ServeRenditionUseCase {
  constructor(
    private readonly urls: HlsUrls,
    private readonly streamVideo: StreamVideoUseCase,
  ) {}

  /** Verifies the grant first: `authorize` then `serve`, so a refusal is known before any S3 call. */
  authorize(token: string): HlsGrant {
    return this.urls.verify(token);
  }

  serve(
    grant: HlsGrant,
    command: ServeRenditionCommand,
  ): Promise<StreamVideoResult> {
    const video = VideoKey.parse(grant.key);
    const { path, ...delivery } = command;
    return this.streamVideo.execute({
      ...delivery,
      key: VideoKey.ofRendition(video, RenditionPath.parse(path)),
    });
  }
}
