import {
  BadRequestException,
  Controller,
  Get,
  Header,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { AccessTokenResponse } from '../../application/access-token/access-token.issuer';
import { IssueDevTokenUseCase } from '../../application/issue-dev-token/issue-dev-token.use-case';
import { errorSchema, tokenResponseSchema } from './openapi';

// Not rate limited: it hands out tokens without a password anyway, and test suites call it often.
@ApiTags('development')
@Controller('v1/api/auth')
export class DevTokenController {
  constructor(private readonly issueDevToken: IssueDevTokenUseCase) {}

  @Get('token')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      "The seed's token for any user id, without a password (off in production)",
  })
  @ApiQuery({ name: 'userId', example: '123' })
  @ApiQuery({
    name: 'scope',
    required: false,
    description: 'space-separated; default video:read',
    example: 'video:read video:write',
  })
  @ApiOkResponse({ schema: tokenResponseSchema })
  @ApiBadRequestResponse({ schema: errorSchema })
  @ApiNotFoundResponse({
    description: 'NODE_ENV=production without AUTH_DEV_TOKEN_ENDPOINT=true',
  })
  token(
    @Query('userId') userId: unknown,
    @Query('scope') scope: unknown,
  ): Promise<AccessTokenResponse> {
    return this.issueDevToken.execute(
      single('userId', userId),
      single('scope', scope),
    );
  }
}

/** A repeated query parameter arrives as an array: refuse it rather than pick one. */
function single(name: string, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new BadRequestException(`${name} must be given once, as text`);
}
