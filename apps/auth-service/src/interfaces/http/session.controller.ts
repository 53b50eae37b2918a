import {
  Body,
  Controller,
  Header,
  HttpCode,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { z } from 'zod';
import type { SessionTokens } from '../../application/access-token/session-issuer';
import { LoginUseCase } from '../../application/login/login.use-case';
import { LogoutUseCase } from '../../application/logout/logout.use-case';
import { RefreshSessionUseCase } from '../../application/refresh-session/refresh-session.use-case';
import { RegisterUserUseCase } from '../../application/register-user/register-user.use-case';
import { ZodBodyPipe } from '../../common/zod-body.pipe';
import { credentialsSchema, type Credentials } from '../../domain/credentials';
import { errorSchema, openApiSchema, sessionResponseSchema } from './openapi';

const refreshSchema = z.object({ refresh_token: z.string().min(1).max(512) });
type RefreshBody = z.infer<typeof refreshSchema>;

export const REGISTER_ANSWER = {
  status: 'accepted',
  message: 'If the address can be registered, it is: log in to continue.',
} as const;

@ApiTags('users')
@ApiTooManyRequestsResponse({ description: 'Rate limited; see Retry-After' })
@Controller('v1/api/auth')
@UseGuards(ThrottlerGuard)
export class SessionController {
  constructor(
    private readonly registerUser: RegisterUserUseCase,
    private readonly login: LoginUseCase,
    private readonly refreshSession: RefreshSessionUseCase,
    private readonly logout: LogoutUseCase,
  ) {}

  @Post('register')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Create an account (scope video:read). Same answer for a taken address: no account enumeration.',
  })
  @ApiBody({ schema: openApiSchema(credentialsSchema) })
  @ApiAcceptedResponse({
    description: 'Accepted, whether the address was new or taken',
  })
  @ApiBadRequestResponse({ schema: errorSchema })
  async register(
    @Body(new ZodBodyPipe(credentialsSchema)) credentials: Credentials,
  ): Promise<typeof REGISTER_ANSWER> {
    await this.registerUser.execute(credentials);
    return REGISTER_ANSWER;
  }

  @Post('login')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Email and password for an access token and a refresh token',
  })
  @ApiBody({ schema: openApiSchema(credentialsSchema) })
  @ApiOkResponse({ schema: sessionResponseSchema })
  @ApiUnauthorizedResponse({
    schema: errorSchema,
    description: 'Unknown address or wrong password (indistinguishable)',
  })
  signIn(
    @Body(new ZodBodyPipe(credentialsSchema)) credentials: Credentials,
  ): Promise<SessionTokens> {
    return this.login.execute(credentials);
  }

  @Post('refresh')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Rotate a refresh token; reusing an already rotated one revokes its whole family',
  })
  @ApiBody({ schema: openApiSchema(refreshSchema) })
  @ApiOkResponse({ schema: sessionResponseSchema })
  @ApiUnauthorizedResponse({ schema: errorSchema })
  refresh(
    @Body(new ZodBodyPipe(refreshSchema)) body: RefreshBody,
  ): Promise<SessionTokens> {
    return this.refreshSession.execute(body.refresh_token);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke the refresh token's family (idempotent)" })
  @ApiBody({ schema: openApiSchema(refreshSchema) })
  @ApiNoContentResponse({ description: 'Revoked, or was not valid anyway' })
  async signOut(
    @Body(new ZodBodyPipe(refreshSchema)) body: RefreshBody,
  ): Promise<void> {
    await this.logout.execute(body.refresh_token);
  }
}
