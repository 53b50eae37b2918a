import {
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { JwtAuthGuard, type AuthenticatedRequest } from '@video-streaming/auth';
import { PlaybackSignatureVerifier } from '../../infra/playback/playback-signature.verifier';

/**
 * GET /v1/api/video accepts either a Bearer token with video:read (checked by the shared
 * JwtAuthGuard) or a playback URL's signature, because an HTML5 <video> cannot send headers.
 */
@Injectable()
export class BearerOrSignedUrlGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtAuthGuard,
    private readonly signatures: PlaybackSignatureVerifier,
  ) {}

  canActivate(context: ExecutionContext): Promise<boolean> | boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.query['sig'] === undefined)
      return this.jwt.canActivate(context);
    request.principal = this.signatures.verify(request.query);
    return true;
  }
}
