import { Module, type DynamicModule } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import {
  HealthController,
  readinessChecks,
  serviceProviders,
} from '@video-streaming/platform';
import { serviceModules } from '@video-streaming/telemetry';
import {
  POSTGRES_READINESS,
  postgresReadiness,
} from '@video-streaming/postgres';
import {
  authMetricProviders,
  PrometheusTokenIssuanceRecorder,
} from './infra/observability/auth.metrics';
import { AccessTokenIssuer } from './application/access-token/access-token.issuer';
import { SessionIssuer } from './application/access-token/session-issuer';
import { ClientCredentialsUseCase } from './application/client-credentials/client-credentials.use-case';
import { GetJwksUseCase } from './application/get-jwks/get-jwks.use-case';
import { IssueDevTokenUseCase } from './application/issue-dev-token/issue-dev-token.use-case';
import { LoginUseCase } from './application/login/login.use-case';
import { LogoutUseCase } from './application/logout/logout.use-case';
import { RefreshSessionUseCase } from './application/refresh-session/refresh-session.use-case';
import { RegisterUserUseCase } from './application/register-user/register-user.use-case';
import { errorStatusMap } from './common/error-status.map';
import { APP_CONFIG, type AuthConfig } from './config';
import { API_CLIENT_REPOSITORY } from './domain/api-client.repository.port';
import { PASSWORD_HASHER } from './domain/password-hasher.port';
import { TOKEN_ISSUANCE_RECORDER } from './domain/token-issuance.port';
import { REFRESH_TOKEN_REPOSITORY } from './domain/refresh-token.repository.port';
import { USER_REPOSITORY } from './domain/user.repository.port';
import { Argon2PasswordHasher } from './infra/crypto/argon2-password-hasher.adapter';
import { keyStoreProvider } from './infra/keys/key-store.provider';
import { SigningKeyReadiness } from './infra/keys/signing-key.readiness';
import { PrismaApiClientRepository } from './infra/prisma/prisma-api-client.repository';
import { PrismaRefreshTokenRepository } from './infra/prisma/prisma-refresh-token.repository';
import { PrismaUserRepository } from './infra/prisma/prisma-user.repository';
import { PrismaService } from './infra/prisma/prisma.service';
import { DevTokenController } from './interfaces/http/dev-token.controller';
import { JwksController } from './interfaces/http/jwks.controller';
import { OAuthTokenController } from './interfaces/http/oauth-token.controller';
import { SessionController } from './interfaces/http/session.controller';

export const SERVICE_NAME = 'auth-service';

@Module({})
export class AppModule {
  /** The configuration is loaded once by main.ts (or a test) and handed in. */
  static register(config: AuthConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceModules(SERVICE_NAME),
        // In memory, per instance: with N replicas a client gets up to N times the limit.
        ThrottlerModule.forRoot({
          throttlers: [
            { name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute },
          ],
        }),
      ],
      controllers: [
        DevTokenController,
        JwksController,
        SessionController,
        OAuthTokenController,
        HealthController,
      ],
      providers: [
        ...serviceProviders({ config: [APP_CONFIG, config], errorStatusMap }),
        keyStoreProvider,
        PrismaService,
        { provide: USER_REPOSITORY, useClass: PrismaUserRepository },
        {
          provide: REFRESH_TOKEN_REPOSITORY,
          useClass: PrismaRefreshTokenRepository,
        },
        { provide: API_CLIENT_REPOSITORY, useClass: PrismaApiClientRepository },
        { provide: PASSWORD_HASHER, useClass: Argon2PasswordHasher },
        postgresReadiness(PrismaService),
        SigningKeyReadiness,
        readinessChecks(POSTGRES_READINESS, SigningKeyReadiness),
        ...authMetricProviders,
        {
          provide: TOKEN_ISSUANCE_RECORDER,
          useClass: PrometheusTokenIssuanceRecorder,
        },
        AccessTokenIssuer,
        SessionIssuer,
        IssueDevTokenUseCase,
        GetJwksUseCase,
        RegisterUserUseCase,
        LoginUseCase,
        RefreshSessionUseCase,
        LogoutUseCase,
        ClientCredentialsUseCase,
      ],
    };
  }
}
