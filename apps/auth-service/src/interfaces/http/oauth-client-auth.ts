import type { Request } from 'express';
import { OAuthError } from '../../domain/oauth.errors';

export interface ClientAuth {
  clientId: string;
  clientSecret: string;
}

const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));

/**
 * RFC 6749 §2.3.1: client id and secret in HTTP Basic (each form-urlencoded) or in the body,
 * never both at once.
 */
export function clientAuthOf(
  request: Request,
  body: Record<string, unknown>,
): ClientAuth {
  const header = request.headers.authorization;
  const inBody =
    body['client_id'] !== undefined || body['client_secret'] !== undefined;
  if (header !== undefined) {
    if (inBody)
      throw new OAuthError(
        'invalid_request',
        'Use one client authentication method, not both',
      );
    const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header);
    const decoded = match
      ? Buffer.from(match[1], 'base64').toString('utf8')
      : '';
    const colon = decoded.indexOf(':');
    if (colon < 1)
      throw new OAuthError(
        'invalid_client',
        'Malformed HTTP Basic client credentials',
      );
    try {
      return {
        clientId: decode(decoded.slice(0, colon)),
        clientSecret: decode(decoded.slice(colon + 1)),
      };
    } catch {
      throw new OAuthError(
        'invalid_client',
        'Malformed HTTP Basic client credentials',
      );
    }
  }
  const { client_id: clientId, client_secret: clientSecret } = body;
  if (
    typeof clientId !== 'string' ||
    typeof clientSecret !== 'string' ||
    !clientId
  )
    throw new OAuthError(
      'invalid_client',
      'Client authentication is required (HTTP Basic or client_id and client_secret)',
    );
  return { clientId, clientSecret };
}
