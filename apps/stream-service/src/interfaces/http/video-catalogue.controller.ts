import { Controller, Get, Query } from '@nestjs/common';
import { RequireScopes } from '@video-streaming/auth';
import { ListVideosUseCase } from '../../application/list-videos/list-videos.use-case';

@Controller('v1/api/videos')
export class VideoCatalogueController {
  constructor(private readonly listVideos: ListVideosUseCase) {}

  @Get()
  @RequireScopes('video:read')
  async list(@Query('cursor') cursor: unknown, @Query('limit') limit: unknown) {
    const page = await this.listVideos.execute({ cursor, limit });
    return {
      items: page.items.map((v) => ({
        key: v.key,
        size: v.size,
        etag: v.etag,
        lastModified: v.lastModified.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }
}
