import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { JwtVerifier } from './jwt-verifier';
import type { Principal } from './principal';
import { REQUIRED_SCOPES } from './required-scopes.metadata';

export type AuthenticatedRequest = Request & { principal?: Principal };

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly verifier: JwtVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthorizedException('Missing Bearer token');
    const principal = await this.verifier.verify(token).catch(() => {
      // The reason stays out of the response: it would help forge tokens.
      throw new UnauthorizedException('Invalid or expired token');
    });
    const required =
      this.reflector.getAllAndOverride<string[]>(REQUIRED_SCOPES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    const missing = required.filter((s) => !principal.scopes.includes(s));
    if (missing.length)
      throw new ForbiddenException(`Missing scope: ${missing.join(' ')}`);
    request.principal = principal;
    return true;
  }
}

/**
 * RFC 9110 §11.1: the scheme is case-insensitive and separated from its credentials by one or
 * more spaces (tabs tolerated too: Node keeps them inside a header value). RFC 6750's token68.
 */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^[\t ]*bearer[\t ]+([A-Za-z0-9\-_.~+/]+=*)[\t ]*$/i.exec(
    header ?? '',
  );
  return match?.[1];
}
