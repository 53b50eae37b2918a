import {
  SetMetadata,
  UseGuards,
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
} from '@nestjs/common';
import type { Scope } from './principal';
import { JwtAuthGuard, type AuthenticatedRequest } from './jwt-auth.guard';
import { REQUIRED_SCOPES } from './required-scopes.metadata';

/** A valid access token is required, carrying every scope named. */
export const RequireScopes = (...scopes: Scope[]) =>
  applyDecorators(
    SetMetadata(REQUIRED_SCOPES, scopes),
    UseGuards(JwtAuthGuard),
  );

/** The verified caller, set by JwtAuthGuard. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext) =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
