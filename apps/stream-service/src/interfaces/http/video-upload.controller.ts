import {
  Controller,
  Delete,
  HttpCode,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  CurrentPrincipal,
  RequireScopes,
  type Principal,
} from '@video-streaming/auth';
import type { Request, Response } from 'express';
import { DeleteVideoUseCase } from '../../application/delete-video/delete-video.use-case';
import { UploadVideoUseCase } from '../../application/upload-video/upload-video.use-case';
import type { StoredVideo } from '../../domain/object-storage.port';
import { VideoKey } from '../../domain/video-key';
import { ADMIN_SCOPE, type Actor } from '../../domain/video-ownership';

@Controller('v1/api/video')
export class VideoUploadController {
  constructor(
    private readonly upload: UploadVideoUseCase,
    private readonly remove: DeleteVideoUseCase,
  ) {}

  /** The body is the raw video, streamed: no body parser runs for video/* or octet-stream. */
  @Post()
  @HttpCode(201)
  @RequireScopes('video:write')
  async create(
    @Query('filename') filename: unknown,
    @Query('overwrite') overwrite: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StoredVideo> {
    const abort = new AbortController();
    req.once('close', () => req.complete || abort.abort());
    try {
      const declaredLength =
        req.headers['content-length'] === undefined
          ? undefined
          : Number(req.headers['content-length']);
      return await this.upload.execute({
        key: VideoKey.parse(filename),
        body: req,
        declaredLength,
        declaredType: req.headers['content-type'],
        overwrite: overwrite === 'true',
        actor: actorOf(principal),
        signal: abort.signal,
      });
    } catch (error) {
      // The rest of a refused body is not read: close the connection rather than drain gigabytes.
      if (!req.complete) res.setHeader('Connection', 'close');
      throw error;
    }
  }

  @Delete()
  @HttpCode(204)
  @RequireScopes('video:write')
  async delete(
    @Query('filename') filename: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.remove.execute(VideoKey.parse(filename), actorOf(principal));
  }
}

const actorOf = (principal: Principal): Actor => ({
  userId: principal.userId,
  isAdmin: principal.scopes.includes(ADMIN_SCOPE),
});
