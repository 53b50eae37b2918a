import { Inject, Injectable } from '@nestjs/common';
import type {
  ReadinessCheck,
  ReadinessReport,
} from '@video-streaming/platform';
import {
  MEDIA_ENCODER,
  type MediaEncoder,
} from '../../domain/media-toolkit.port';

/** ffmpeg and ffprobe run: without them every job would fail. */
@Injectable()
export class FfmpegReadiness implements ReadinessCheck {
  readonly name = 'ffmpeg';
  constructor(@Inject(MEDIA_ENCODER) private readonly media: MediaEncoder) {}

  async check(): Promise<ReadinessReport> {
    return (await this.media.available())
      ? { up: true }
      : {
          up: false,
          message: 'ffmpeg or ffprobe does not run (FFMPEG_PATH, FFPROBE_PATH)',
        };
  }
}
