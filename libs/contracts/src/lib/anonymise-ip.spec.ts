import { anonymiseIp } from './anonymise-ip';

describe('anonymiseIp', () => {
  it.each([
    ['203.0.113.42', '203.0.113.0'],
    ['::ffff:198.51.100.7', '198.51.100.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:db8::1', '2001:db8:0::'],
    ['::1', '0:0:0::'],
  ])('%s becomes %s', (ip, expected) => {
    expect(anonymiseIp(ip)).toBe(expected);
  });

  it.each([undefined, null, '', 'not-an-ip'])('gives null for %p', (ip) => {
    expect(anonymiseIp(ip)).toBeNull();
  });
});
