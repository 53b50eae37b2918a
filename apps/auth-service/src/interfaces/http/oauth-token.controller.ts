import {
  Body,
  Controller,
  Header,
  HttpCode,
  Post,
  Req,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBasicAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import type { AccessTokenResponse } from '../../application/access-token/access-token.issuer';
import { ClientCredentialsUseCase } from '../../application/client-credentials/client-credentials.use-case';
import { OAuthExceptionFilter } from '../../common/oauth-exception.filter';
import { OAuthError } from '../../domain/oauth.errors';
import { clientAuthOf } from './oauth-client-auth';
import { tokenResponseSchema } from './openapi';

const oauthErrorSchema = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    error_description: { type: 'string' },
  },
} as const;

@ApiTags('oauth')
@Controller('v1/api/auth/oauth')
@UseFilters(OAuthExceptionFilter)
export class OAuthTokenController {
  constructor(private readonly clientCredentials: ClientCredentialsUseCase) {}

  @Post('token')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary: 'OAuth2 client_credentials grant (RFC 6749 §4.4) for API clients',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBasicAuth()
  @ApiBody({
    schema: {
      type: 'object',
      required: ['grant_type'],
      properties: {
        grant_type: { type: 'string', enum: ['client_credentials'] },
        scope: {
          type: 'string',
          description:
            'space-separated; narrows the scopes the client is allowed',
        },
        client_id: { type: 'string', description: 'when not using HTTP Basic' },
        client_secret: {
          type: 'string',
          description: 'when not using HTTP Basic',
        },
      },
    },
  })
  @ApiOkResponse({ schema: tokenResponseSchema })
  @ApiBadRequestResponse({
    schema: oauthErrorSchema,
    description: 'invalid_request, unsupported_grant_type, invalid_scope',
  })
  @ApiUnauthorizedResponse({
    schema: oauthErrorSchema,
    description: 'invalid_client',
  })
  @ApiTooManyRequestsResponse({ description: 'Rate limited; see Retry-After' })
  token(
    @Req() request: Request,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<AccessTokenResponse> {
    if (!request.is('application/x-www-form-urlencoded'))
      throw new OAuthError(
        'invalid_request',
        'The body must be application/x-www-form-urlencoded',
      );
    const form = body ?? {};
    const text = (name: string) => {
      const value = form[name];
      if (value === undefined || typeof value === 'string') return value;
      throw new OAuthError('invalid_request', `${name} must be given once`);
    };
    const { clientId, clientSecret } = clientAuthOf(request, form);
    return this.clientCredentials.execute({
      grantType: text('grant_type'),
      clientId,
      clientSecret,
      scope: text('scope'),
    });
  }
}
