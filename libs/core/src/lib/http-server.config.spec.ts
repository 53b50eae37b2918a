import { loadHttpServerConfig } from './http-server.config';

describe('loadHttpServerConfig', () => {
  it('listens on loopback with a 100 kB body limit by default', () => {
    expect(loadHttpServerConfig({})).toEqual({
      HOST: '127.0.0.1',
      BODY_LIMIT: '100kb',
    });
  });

  it.each([
    '0.0.0.0',
    '::',
    '::1',
    '10.1.2.3',
    'localhost',
    'stream-service.internal',
  ])('accepts HOST=%s', (HOST) => {
    expect(loadHttpServerConfig({ HOST }).HOST).toBe(HOST);
  });

  it.each(['1mb', '512kb', '4096', '1.5MB'])(
    'accepts BODY_LIMIT=%s',
    (BODY_LIMIT) => {
      expect(loadHttpServerConfig({ BODY_LIMIT }).BODY_LIMIT).toBe(BODY_LIMIT);
    },
  );

  it('lists every invalid variable', () => {
    expect(() =>
      loadHttpServerConfig({ HOST: 'http://0.0.0.0', BODY_LIMIT: 'lots' }),
    ).toThrow(/HOST[\s\S]*BODY_LIMIT/);
  });
});
