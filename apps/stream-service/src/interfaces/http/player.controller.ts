import { Controller, Get, Header } from '@nestjs/common';
import { hlsJsSource } from './player-assets';
import { PLAYER_HTML } from './player.page';
import { PLAYER_JS } from './player.script';

/** No authentication: the page only holds code; it obtains a token like any other client. */
@Controller('v1/api/player')
export class PlayerController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header(
    'Content-Security-Policy',
    // blob: media is hls.js' MediaSource; playlists, segments and posters may come from PUBLIC_BASE_URL.
    "default-src 'self'; media-src 'self' blob: http: https:; connect-src 'self' http: https:; img-src 'self' http: https:; style-src 'unsafe-inline'; frame-ancestors 'none'",
  )
  page(): string {
    return PLAYER_HTML;
  }

  @Get('player.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  script(): string {
    return PLAYER_JS;
  }

  @Get('hls.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  hlsJs(): string {
    return hlsJsSource();
  }
}
