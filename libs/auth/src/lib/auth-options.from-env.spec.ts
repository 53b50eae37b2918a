import { aTestSigner } from '../testing';
import { authOptionsFromEnv, DEFAULT_JWKS_URL } from './auth-options.from-env';
import { JwtVerifier } from './jwt-verifier';

describe('authOptionsFromEnv', () => {
  it('defaults to the local auth-service JWKS URL and the project issuer/audience', () => {
    expect(authOptionsFromEnv({})).toEqual({
      issuer: 'video-streaming-auth',
      audience: 'video-streaming',
      jwksUrl: DEFAULT_JWKS_URL,
    });
  });

  it('uses static keys from AUTH_JWKS instead of fetching, and they verify tokens', async () => {
    const signer = await aTestSigner('static');
    const options = authOptionsFromEnv({
      AUTH_JWKS: JSON.stringify(signer.jwks),
      AUTH_JWKS_URL: 'http://ignored',
    });
    expect(options).not.toHaveProperty('jwksUrl');
    await expect(
      new JwtVerifier(options).verify(await signer.sign({ sub: 'u' })),
    ).resolves.toMatchObject({ userId: 'u' });
  });

  it.each(['not json', '{}', '{"keys":[]}', '{"keys":["x"]}'])(
    'refuses a malformed AUTH_JWKS (%s) at start',
    (value) => {
      expect(() => authOptionsFromEnv({ AUTH_JWKS: value })).toThrow(
        /AUTH_JWKS/,
      );
    },
  );
});
