import { InvalidScopeError } from './auth.errors';
import { narrowScopes, parseScopes } from './scopes';

describe('scopes', () => {
  it('parses a space-separated scope parameter, ignoring repeats', () => {
    expect(parseScopes(' video:read  logs:read video:read ')).toEqual([
      'video:read',
      'logs:read',
    ]);
    expect(parseScopes(undefined)).toBeUndefined();
    expect(parseScopes('  ')).toBeUndefined();
  });

  it('refuses unknown scope names instead of silently dropping them', () => {
    expect(() => parseScopes('video:read admin')).toThrow(InvalidScopeError);
  });

  it('narrows to the requested scopes and never widens beyond the allowed ones', () => {
    expect(narrowScopes(['logs:read'], ['video:read', 'logs:read'])).toEqual([
      'logs:read',
    ]);
    expect(narrowScopes(undefined, ['video:read', 'logs:read'])).toEqual([
      'video:read',
      'logs:read',
    ]);
    expect(() => narrowScopes(['video:write'], ['video:read'])).toThrow(
      /video:write/,
    );
  });
});
