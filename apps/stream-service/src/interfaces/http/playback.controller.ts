import { Controller, Get, Header, Query, Req } from '@nestjs/common';
import { context, propagation } from '@opentelemetry/api';
import {
  CurrentPrincipal,
  RequireScopes,
  type Principal,
} from '@video-streaming/auth';
import type { Request } from 'express';
import {
  IssuePlaybackUrlUseCase,
  type PlaybackUrl,
} from '../../application/issue-playback-url/issue-playback-url.use-case';
import { VideoKey } from '../../domain/video-key';
import { parsePlaybackFormat } from '../../application/issue-playback-url/playback-format';

@Controller('v1/api/video/playback')
export class PlaybackController {
  constructor(private readonly issue: IssuePlaybackUrlUseCase) {}

  @Get()
  @RequireScopes('video:read')
  // The URL is a credential: nobody should keep a copy of this response.
  @Header('Cache-Control', 'no-store')
  playbackUrl(
    @Query('filename') filename: unknown,
    @Query('format') format: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<PlaybackUrl> {
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    return this.issue.execute({
      key: VideoKey.parse(filename),
      format: parsePlaybackFormat(format),
      userId: principal.userId,
      client: {
        userAgent: req.headers['user-agent'] ?? null,
        ip: req.ip,
        traceparent: carrier['traceparent'] ?? null,
      },
    });
  }
}
