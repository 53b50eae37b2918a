import { Module, type DynamicModule } from '@nestjs/common';
import { AUTH_OPTIONS, type AuthOptions } from './auth.options';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtVerifier } from './jwt-verifier';

/** Verifies auth-service's tokens locally: no call to auth-service per request. */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        JwtVerifier,
        JwtAuthGuard,
      ],
      exports: [JwtVerifier, JwtAuthGuard],
    };
  }
}
