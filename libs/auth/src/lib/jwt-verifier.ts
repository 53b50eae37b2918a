import { Inject, Injectable } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ACCEPTED_ALGORITHMS, AUTH_OPTIONS, type AuthOptions } from './auth.options';
import type { Principal } from './principal';

export class InvalidTokenError extends Error {
  readonly code = 'INVALID_TOKEN';
}

@Injectable()
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {
    if (options.jwks) this.keys = createLocalJWKSet(options.jwks);
    else if (options.jwksUrl)
      // cooldownDuration rate-limits refetches triggered by tokens with unknown kids.
      this.keys = createRemoteJWKSet(new URL(options.jwksUrl), {
        cooldownDuration: (options.jwksCooldownSeconds ?? 30) * 1000,
        cacheMaxAge: (options.jwksCacheMaxAgeSeconds ?? 600) * 1000,
        timeoutDuration: 5_000,
      });
    else throw new Error('AuthOptions needs jwksUrl or jwks');
  }

  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: ACCEPTED_ALGORITHMS,
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const scope = typeof payload['scope'] === 'string' ? payload['scope'] : '';
      return { userId: payload.sub as string, scopes: scope.split(' ').filter(Boolean), tokenId: payload.jti };
    } catch (error) {
      throw new InvalidTokenError((error as Error).message);
    }
  }
}
