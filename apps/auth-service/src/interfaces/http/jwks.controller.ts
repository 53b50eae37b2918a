import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JSONWebKeySet } from 'jose';
import { GetJwksUseCase } from '../../application/get-jwks/get-jwks.use-case';

@ApiTags('keys')
@Controller('v1/api/auth/.well-known')
export class JwksController {
  constructor(private readonly getJwks: GetJwksUseCase) {}

  @Get('jwks.json')
  // Short enough that a rotated-in key is seen well before it starts signing.
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({
    summary:
      'Public keys (ES256) that verify the access tokens, including recently retired ones',
  })
  @ApiOkResponse({ description: 'RFC 7517 JSON Web Key Set' })
  jwks(): Promise<JSONWebKeySet> {
    return this.getJwks.execute();
  }
}
