import {
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { JwtAuthGuard, type AuthenticatedRequest } from '@video-streaming/auth';
import { DomainError } from '@video-streaming/platform';
import type { Response } from 'express';
import { VerifyPlaybackUrlUseCase } from '../../application/verify-playback-url/verify-playback-url.use-case';
import { trackedAccessOf } from './access-tracker';

/**
 * GET /v1/api/video accepts either a Bearer token with video:read (checked by the shared
 * JwtAuthGuard) or a playback URL's signature, because an HTML5 <video> cannot send headers.
 */
@Injectable()
export class BearerOrSignedUrlGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtAuthGuard,
    private readonly verifyPlaybackUrl: VerifyPlaybackUrlUseCase,
  ) {}

  canActivate(context: ExecutionContext): Promise<boolean> | boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.query['sig'] === undefined)
      return this.jwt.canActivate(context);
    const access = trackedAccessOf(
      context.switchToHttp().getResponse<Response>(),
    );
    try {
      const { principal, sessionId } = this.verifyPlaybackUrl.execute(
        request.query,
      );
      request.principal = principal;
      // The URL's playback session, in the access event like an HLS segment's.
      if (sessionId) access?.joinSession(sessionId);
    } catch (error) {
      // The access log names the reason (INVALID_PLAYBACK_SIGNATURE), not just "forbidden".
      if (error instanceof DomainError) access?.refuse(error.code);
      throw error;
    }
    return true;
  }
}
