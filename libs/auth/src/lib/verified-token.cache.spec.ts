import { VerifiedTokenCache } from './verified-token.cache';

const principal = { userId: 'u', scopes: ['video:read'], tokenId: 'j' };

describe('VerifiedTokenCache', () => {
  it('remembers a verified token until its exp (plus tolerance), then forgets it', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('t', principal, 1000);
    expect(cache.get('t', 990, 5)).toEqual(principal);
    expect(cache.get('t', 1004, 5)).toEqual(principal);
    expect(cache.get('t', 1005, 5)).toBeUndefined();
    expect(cache.get('t', 990, 5)).toBeUndefined(); // dropped, not just hidden
  });

  it('only hits on the exact token string', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('header.payload.sig', principal, 1000);
    expect(cache.get('header.payload.sig2', 990, 5)).toBeUndefined();
  });

  it('evicts the least recently used token when full, and stores nothing when sized 0', () => {
    const cache = new VerifiedTokenCache(2);
    cache.set('a', principal, 1000);
    cache.set('b', principal, 1000);
    cache.get('a', 990, 0);
    cache.set('c', principal, 1000);
    expect(cache.get('b', 990, 0)).toBeUndefined();
    expect(cache.get('a', 990, 0)).toBeDefined();
    const off = new VerifiedTokenCache(0);
    off.set('a', principal, 1000);
    expect(off.get('a', 990, 0)).toBeUndefined();
  });
});
