import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { AuthenticatedRequest } from '@video-streaming/auth';
import { DomainError } from '@video-streaming/platform';
import type { Request, Response } from 'express';
import { ServeRenditionUseCase } from '../../application/hls-playback/serve-rendition.use-case';
import { AccessTracker } from './access-tracker';
import { writeVideoResponse } from './video-response.writer';

/**
 * HLS playlists, segments and posters under a signed grant (ADR 0026):
 * `/v1/api/video/hls/<grant>/<file>`. No Authorization header: the grant in the path is the
 * credential, and each request is an access to the video in the access log.
 */
@Controller('v1/api/video/hls')
export class HlsController {
  constructor(
    private readonly renditions: ServeRenditionUseCase,
    private readonly tracker: AccessTracker,
  ) {}

  @Get(':grant/*path')
  async serve(
    @Param('grant') token: string,
    @Param('path') path: string | string[],
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    let access = undefined;
    try {
      const grant = this.renditions.authorize(token);
      (req as AuthenticatedRequest).principal = {
        userId: grant.userId,
        scopes: ['video:read'],
        tokenId: undefined,
      };
      access = this.tracker.track(req, res, {
        filename: grant.key,
        sessionId: grant.sessionId,
      });
      const abort = new AbortController();
      res.once('close', () => res.writableFinished || abort.abort());
      const result = await this.renditions.serve(grant, {
        path: Array.isArray(path) ? path.join('/') : path,
        method: req.method === 'HEAD' ? 'HEAD' : 'GET',
        range: req.header('range'),
        ifRange: req.header('if-range'),
        ifNoneMatch: req.header('if-none-match'),
        ifModifiedSince: req.header('if-modified-since'),
        signal: abort.signal,
      });
      await writeVideoResponse(res, result, access);
    } catch (error) {
      if (error instanceof DomainError)
        (access ?? this.tracker.track(req, res, { filename: '' })).refuse(
          error.code,
        );
      throw error;
    }
  }
}
