import { PingReadiness } from './readiness-check';

describe('PingReadiness', () => {
  it('is up once the ping answers, and fails with the ping when it fails', async () => {
    let fail = false;
    const check = new PingReadiness('postgres', async () => {
      if (fail) throw new Error("Can't reach database server");
    });
    expect(check.name).toBe('postgres');
    expect(await check.check()).toEqual({ up: true });
    fail = true;
    await expect(check.check()).rejects.toThrow("Can't reach database server");
  });
});
