import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@video-streaming/core';
import { VideoErrorCode } from './video.errors';
import type { VideoKey } from './video-key';

export interface PlaybackGrant {
  key: string;
  userId: string;
  /** Unix seconds after which the signature is refused. */
  expiresAt: number;
  /** The playback session the URL belongs to (`sid`), signed with the rest. */
  sessionId?: string;
}

export class InvalidPlaybackSignatureError extends DomainError {
  constructor(reason: 'expired' | 'invalid') {
    super(
      VideoErrorCode.invalidPlaybackSignature,
      reason === 'expired'
        ? 'Playback URL has expired'
        : 'Playback URL signature is invalid',
    );
  }
}

/**
 * HMAC-SHA256 over key, user, expiry and playback session: a URL an HTML5 <video> can fetch
 * without an Authorization header, valid for one video, one user and a short time. The version
 * prefix lets the format change without accepting old signatures under new rules: `v2` covers the
 * session id, `v1` (no session; URLs issued before sessions) is still verified.
 */
export class PlaybackSignature {
  constructor(private readonly secret: string) {}

  sign(
    key: VideoKey,
    userId: string,
    expiresAt: number,
    sessionId?: string,
  ): string {
    return this.mac({ key: key.value, userId, expiresAt, sessionId });
  }

  verify(grant: PlaybackGrant, signature: string, nowSeconds: number): void {
    const expected = Buffer.from(this.mac(grant), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    // Length first: timingSafeEqual throws on unequal lengths, and the length is not secret.
    const valid =
      given.length === expected.length && timingSafeEqual(given, expected);
    if (!valid) throw new InvalidPlaybackSignatureError('invalid');
    if (grant.expiresAt <= nowSeconds)
      throw new InvalidPlaybackSignatureError('expired');
  }

  private mac({ key, userId, expiresAt, sessionId }: PlaybackGrant): string {
    const signed =
      sessionId === undefined
        ? `v1\n${key}\n${userId}\n${expiresAt}`
        : `v2\n${key}\n${userId}\n${expiresAt}\n${sessionId}`;
    return createHmac('sha256', this.secret).update(signed).digest('base64url');
  }
}
