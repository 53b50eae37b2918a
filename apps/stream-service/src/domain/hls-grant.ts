import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidPlaybackSignatureError } from './playback-signature';

/** What an HLS playback grant allows: reading the renditions of one video, for one user, until expiry. */
export interface HlsGrant {
  key: string;
  userId: string;
  /** Unix seconds after which the grant is refused. */
  expiresAt: number;
  /** The playback session: every playlist and segment request of one playback carries it. */
  sessionId: string;
}

const MAX_TOKEN_CHARS = 2048;

/**
 * A signed token carried as a path segment of the HLS URLs (ADR 0026):
 * `/v1/api/video/hls/<token>/master.m3u8`. The playlists' relative URIs resolve under the same
 * token, so a player needs no header and no playlist is rewritten. The token is
 * `<base64url(JSON)>.<base64url(HMAC-SHA256)>`, the MAC domain-separated from MP4 playback URLs.
 */
export class HlsGrantSigner {
  constructor(private readonly secret: string) {}

  issue(grant: HlsGrant): string {
    const payload = Buffer.from(
      JSON.stringify({
        k: grant.key,
        u: grant.userId,
        e: grant.expiresAt,
        s: grant.sessionId,
      }),
    ).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The grant of a token, or InvalidPlaybackSignatureError (tampered, malformed or expired). */
  verify(token: string, nowSeconds: number): HlsGrant {
    const [payload, signature, extra] =
      token.length <= MAX_TOKEN_CHARS ? token.split('.') : [];
    if (!payload || !signature || extra !== undefined)
      throw new InvalidPlaybackSignatureError('invalid');
    const expected = Buffer.from(this.mac(payload), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new InvalidPlaybackSignatureError('invalid');
    const grant = decode(payload);
    if (grant.expiresAt <= nowSeconds)
      throw new InvalidPlaybackSignatureError('expired');
    return grant;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret)
      .update(`hls1\n${payload}`)
      .digest('base64url');
  }
}

function decode(payload: string): HlsGrant {
  try {
    const raw = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    const { k, u, e, s } = raw;
    if (
      typeof k === 'string' &&
      typeof u === 'string' &&
      typeof s === 'string' &&
      Number.isInteger(e)
    )
      return { key: k, userId: u, expiresAt: e as number, sessionId: s };
  } catch {
    // a signed payload that does not decode cannot come from us: refused below
  }
  throw new InvalidPlaybackSignatureError('invalid');
}
