import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@video-streaming/auth';
import { APP_CONFIG, type StreamConfig } from '../../config';
import {
  InvalidPlaybackSignatureError,
  PlaybackSignature,
} from '../../domain/playback-signature';

/** What a valid playback URL grants: the user it was issued to, and its playback session. */
export interface VerifiedPlayback {
  principal: Principal;
  sessionId: string | undefined;
}

const SESSION_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Checks the `uid`, `exp`, `sid` (optional: URLs issued before sessions) and `sig` of a playback
 * URL (signed by IssuePlaybackUrlUseCase) and names the user it was issued to. Pure computation
 * with the configured secret: no adapter behind it.
 */
@Injectable()
export class VerifyPlaybackUrlUseCase {
  private readonly signature: PlaybackSignature;

  constructor(@Inject(APP_CONFIG) config: StreamConfig) {
    this.signature = new PlaybackSignature(config.PLAYBACK_URL_SECRET);
  }

  execute(query: Record<string, unknown>): VerifiedPlayback {
    const { filename, uid, exp, sig, sid } = query;
    if (
      ![filename, uid, exp, sig].every(
        (v) => typeof v === 'string' && v.length > 0,
      ) ||
      !/^\d{1,12}$/.test(exp as string) ||
      (sid !== undefined && (typeof sid !== 'string' || !SESSION_ID.test(sid)))
    )
      throw new InvalidPlaybackSignatureError('invalid');
    const grant = {
      key: filename as string,
      userId: uid as string,
      expiresAt: Number(exp),
      sessionId: sid as string | undefined,
    };
    this.signature.verify(grant, sig as string, Math.floor(Date.now() / 1000));
    return {
      // A playback URL grants reading this one video, nothing more.
      principal: {
        userId: grant.userId,
        scopes: ['video:read'],
        tokenId: undefined,
      },
      sessionId: grant.sessionId,
    };
  }
}
