import {
  Controller,
  Get,
  Inject,
  Query,
  Req,
  Res,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { REQUIRED_SCOPES } from '@video-streaming/auth';
import { DomainError } from '@video-streaming/platform';
import type { Request, Response } from 'express';
import { StreamVideoUseCase } from '../../application/stream-video/stream-video.use-case';
import { APP_CONFIG, type StreamConfig } from '../../config';
import { VideoKey } from '../../domain/video-key';
import {
  AccessTracker,
  trackedAccessOf,
  type TrackedAccess,
} from './access-tracker';
import { BearerOrSignedUrlGuard } from './bearer-or-signed-url.guard';
import { deliveryChooser, type DeliveryChoice } from './edge-delivery';
import { writeVideoResponse } from './video-response.writer';

/** The seed's streaming endpoint: GET (and, through Express, HEAD) with ranges and validators. */
@Controller('v1/api/video')
export class VideoStreamController {
  private readonly chooseDelivery: (req: Request) => DeliveryChoice;

  constructor(
    private readonly streamVideo: StreamVideoUseCase,
    private readonly tracker: AccessTracker,
    @Inject(APP_CONFIG) config: StreamConfig,
  ) {
    this.chooseDelivery = deliveryChooser(config);
  }

  @Get()
  @SetMetadata(REQUIRED_SCOPES, ['video:read'])
  @UseGuards(BearerOrSignedUrlGuard)
  async stream(
    @Query('filename') filename: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const access = trackedAccessOf(res) ?? this.tracker.track(req, res);
    try {
      await this.serve(VideoKey.parse(filename), req, res, access);
    } catch (error) {
      if (error instanceof DomainError) access.refuse(error.code);
      throw error;
    }
  }

  private async serve(
    key: VideoKey,
    req: Request,
    res: Response,
    access: TrackedAccess,
  ): Promise<void> {
    const abort = new AbortController();
    // The client leaving cancels the S3 request, whether it is still waiting for headers or streaming.
    res.once('close', () => res.writableFinished || abort.abort());
    const header = (name: string) => req.header(name);
    const { delivery, route } = this.chooseDelivery(req);
    const result = await this.streamVideo.execute({
      key,
      method: req.method === 'HEAD' ? 'HEAD' : 'GET',
      range: header('range'),
      ifRange: header('if-range'),
      ifNoneMatch: header('if-none-match'),
      ifModifiedSince: header('if-modified-since'),
      signal: abort.signal,
      delivery,
    });
    await writeVideoResponse(res, result, access, {
      route,
      clientRange: header('range') !== undefined,
    });
  }
}
