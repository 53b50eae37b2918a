import { Inject, Injectable } from '@nestjs/common';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import {
  ACCEPTED_ALGORITHMS,
  AUTH_OPTIONS,
  type AuthOptions,
} from './auth.options';
import type { Principal } from './principal';
import { VerifiedTokenCache } from './verified-token.cache';

export class InvalidTokenError extends Error {
  readonly code = 'INVALID_TOKEN';
}

@Injectable()
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly verified: VerifiedTokenCache;

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
    this.verified = new VerifiedTokenCache(
      options.verifiedTokenCacheSize ?? 10_000,
    );
  }

  async verify(token: string): Promise<Principal> {
    const tolerance = this.options.clockToleranceSeconds ?? 5;
    const cached = this.verified.get(
      token,
      Math.floor(Date.now() / 1000),
      tolerance,
    );
    if (cached) return cached;
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: ACCEPTED_ALGORITHMS,
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: tolerance,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const scope =
        typeof payload['scope'] === 'string' ? payload['scope'] : '';
      const principal: Principal = {
        userId: payload.sub as string,
        scopes: scope.split(' ').filter(Boolean),
        tokenId: payload.jti,
      };
      this.verified.set(token, principal, payload.exp as number);
      return { ...principal };
    } catch (error) {
      throw new InvalidTokenError((error as Error).message);
    }
  }
}
