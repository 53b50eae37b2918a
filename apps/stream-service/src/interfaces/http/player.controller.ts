import { Controller, Get, Header } from '@nestjs/common';
import { PLAYER_HTML, PLAYER_JS } from './player.page';

/** No authentication: the page only holds code; it obtains a token like any other client. */
@Controller('v1/api/player')
export class PlayerController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header(
    'Content-Security-Policy',
    "default-src 'self'; media-src 'self' http: https:; style-src 'unsafe-inline'; frame-ancestors 'none'",
  )
  page(): string {
    return PLAYER_HTML;
  }

  @Get('player.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  script(): string {
    return PLAYER_JS;
  }
}
