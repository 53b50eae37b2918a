import { Controller, Get, Header, Param } from '@nestjs/common';
import {
  CurrentPrincipal,
  RequireScopes,
  type Principal,
} from '@video-streaming/auth';
import {
  VideoStatusUseCase,
  type VideoStatus,
} from '../../application/video-status/video-status.use-case';
import { VideoKey } from '../../domain/video-key';

@Controller('v1/api/videos')
export class VideoStatusController {
  constructor(private readonly status: VideoStatusUseCase) {}

  /** `:key` is the video key URL-encoded (`movies%2Ftrailer.mp4`). */
  @Get(':key')
  @RequireScopes('video:read')
  // The poster URL is a credential for this user.
  @Header('Cache-Control', 'no-store')
  get(
    @Param('key') key: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<VideoStatus> {
    return this.status.execute(VideoKey.parse(key), principal.userId);
  }
}
