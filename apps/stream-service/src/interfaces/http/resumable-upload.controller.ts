import {
  All,
  Controller,
  Inject,
  MethodNotAllowedException,
  Req,
  Res,
} from '@nestjs/common';
import { RequireScopes } from '@video-streaming/auth';
import type { Request, Response } from 'express';
import {
  RESUMABLE_UPLOAD_PROTOCOL,
  type ResumableUploadProtocol,
} from './resumable-upload.protocol';
import {
  assertBodyStartsWithVideo,
  startsTheFile,
} from './upload-start-sniffer';

/**
 * tus 1.0 resumable uploads (ADR 0025): POST creates, HEAD tells the offset, PATCH appends,
 * DELETE cancels. The body is never parsed by Nest: tus streams it into S3 multipart.
 */
@Controller('v1/api/uploads')
export class ResumableUploadController {
  constructor(
    @Inject(RESUMABLE_UPLOAD_PROTOCOL)
    private readonly tus: ResumableUploadProtocol,
  ) {}

  @All(['', '*id'])
  @RequireScopes('video:write')
  async handle(@Req() req: Request, @Res() res: Response): Promise<void> {
    // tus' GET would serve the staged bytes; a video is read through /v1/api/video once it is complete.
    if (req.method === 'GET')
      throw new MethodNotAllowedException(
        'Uploads are written with tus; read the video at /v1/api/video',
      );
    if (startsTheFile(req)) {
      try {
        await assertBodyStartsWithVideo(req);
      } catch (error) {
        // The rest of a refused body is not read: close the connection rather than drain it.
        res.setHeader('Connection', 'close');
        res.setHeader('Tus-Resumable', '1.0.0');
        throw error;
      }
    }
    await this.tus.handle(req, res);
  }
}
