import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@video-streaming/auth';
import { STREAM_CONFIG, type StreamConfig } from '../../config';
import {
  InvalidPlaybackSignatureError,
  PlaybackSignature,
} from '../../domain/playback-signature';

/**
 * Checks the `uid`, `exp` and `sig` of a playback URL (signed by IssuePlaybackUrlUseCase) and names
 * the user it was issued to. Pure computation with the configured secret: no adapter behind it.
 */
@Injectable()
export class VerifyPlaybackUrlUseCase {
  private readonly signature: PlaybackSignature;

  constructor(@Inject(STREAM_CONFIG) config: StreamConfig) {
    this.signature = new PlaybackSignature(config.PLAYBACK_URL_SECRET);
  }

  execute(query: Record<string, unknown>): Principal {
    const { filename, uid, exp, sig } = query;
    if (
      ![filename, uid, exp, sig].every(
        (v) => typeof v === 'string' && v.length > 0,
      ) ||
      !/^\d{1,12}$/.test(exp as string)
    )
      throw new InvalidPlaybackSignatureError('invalid');
    const grant = {
      key: filename as string,
      userId: uid as string,
      expiresAt: Number(exp),
    };
    this.signature.verify(grant, sig as string, Math.floor(Date.now() / 1000));
    // A playback URL grants reading this one video, nothing more.
    return { userId: grant.userId, scopes: ['video:read'], tokenId: undefined };
  }
}
