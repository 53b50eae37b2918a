import type { Request } from 'express';
import { OAuthError } from '../../domain/oauth.errors';
import { clientAuthOf } from './oauth-client-auth';

const withHeader = (authorization?: string) =>
  ({ headers: authorization ? { authorization } : {} }) as Request;
const basic = (raw: string) => `Basic ${Buffer.from(raw).toString('base64')}`;

describe('client authentication of the OAuth token endpoint (RFC 6749 §2.3.1)', () => {
  it('reads HTTP Basic, form-urlencoded parts, keeping colons that belong to the secret', () => {
    expect(
      clientAuthOf(withHeader(basic('my%20client:s3cr%3At:x')), {}),
    ).toEqual({ clientId: 'my client', clientSecret: 's3cr:t:x' });
  });

  it('reads client_id and client_secret from the form', () => {
    expect(
      clientAuthOf(withHeader(), { client_id: 'c', client_secret: 's' }),
    ).toEqual({ clientId: 'c', clientSecret: 's' });
  });

  it.each([
    [
      'both methods at once',
      withHeader(basic('c:s')),
      { client_id: 'c' },
      'invalid_request',
    ],
    ['no credentials', withHeader(), {}, 'invalid_client'],
    ['a Bearer header', withHeader('Bearer abc'), {}, 'invalid_client'],
    [
      'Basic without a colon',
      withHeader(basic('just-an-id')),
      {},
      'invalid_client',
    ],
    [
      'a broken percent-encoding',
      withHeader(basic('%E0%A4%A:s')),
      {},
      'invalid_client',
    ],
    [
      'a repeated client_id',
      withHeader(),
      { client_id: ['a', 'b'], client_secret: 's' },
      'invalid_client',
    ],
  ])('refuses %s', (_, request, body, error) => {
    const thrown = (() => {
      try {
        clientAuthOf(request, body);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(OAuthError);
    expect(thrown).toMatchObject({ error });
  });
});
