import { activeKey, publishedKeys } from './key-rotation';

const at = (minutes: number) =>
  new Date(Date.UTC(2026, 0, 1, 12, 0) + minutes * 60_000);
const keys = [
  { kid: 'a', activatesAt: at(-120) },
  { kid: 'b', activatesAt: at(-10) },
  { kid: 'c', activatesAt: at(5) },
];
const now = at(0);

describe('key rotation rules', () => {
  it('signs with the newest key already active, not one still in the future', () => {
    expect(activeKey(keys, now)?.kid).toBe('b');
    expect(activeKey(keys, at(6))?.kid).toBe('c');
  });

  it('falls back to the earliest key when none is active yet (a fresh install with a future key)', () => {
    expect(activeKey([keys[2]], now)?.kid).toBe('c');
    expect(activeKey([], now)).toBeUndefined();
  });

  it('publishes future and active keys, and retired ones only while their tokens may live', () => {
    const ttlPlusSkew = 16 * 60;
    // a retired 10 minutes ago (when b activated): tokens it signed may live 6 more minutes.
    expect(publishedKeys(keys, now, ttlPlusSkew).map((k) => k.kid)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(publishedKeys(keys, at(7), ttlPlusSkew).map((k) => k.kid)).toEqual([
      'b',
      'c',
    ]);
  });
});
