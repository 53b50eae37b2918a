import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { startBuiltAuthService } from '../../testing/auth-service-process';
import { aGateway, launchChromium, until } from '../../testing/browser';
import { aFreePort, startTestApp, type TestApp } from '../../testing/test-app';

/**
 * The player page in a real (headless) browser, the way a viewer uses it: one origin (a minimal
 * gateway routing /v1/api/auth/* to auth-service and the rest to stream-service), the page gets a
 * development token, asks for a playback URL and hands it to <video>, which plays, seeks with a
 * Range request (206) and keeps advancing.
 * When auth-service has not been built (dist/apps/auth-service/main.js), the page takes a token
 * minted by the test from its URL hash instead: the rest of the path is the same.
 */
describe('GET /v1/api/player in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let gateway: Server;
  let origin: string;
  let auth: Awaited<ReturnType<typeof startBuiltAuthService>>;

  beforeAll(async () => {
    auth = await startBuiltAuthService();
    const gatewayPort = await aFreePort();
    origin = `http://127.0.0.1:${gatewayPort}`;
    t = await startTestApp({
      PUBLIC_BASE_URL: origin,
      ...(auth
        ? { AUTH_JWKS_URL: `${auth.baseUrl}/v1/api/auth/.well-known/jwks.json` }
        : {}),
    });
    gateway = aGateway({ auth: auth?.baseUrl, stream: t.baseUrl });
    await new Promise<void>((resolve) =>
      gateway.listen(gatewayPort, '127.0.0.1', resolve),
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => gateway?.close(resolve));
    await t?.close();
    auth?.stop();
  });

  it('plays video-test.mp4, seeks to the middle with a 206 and keeps playing', async () => {
    const page = await browser.newPage();
    const statuses: Record<string, number[]> = {};
    page.on('response', (res) => {
      const path = new URL(res.url()).pathname;
      (statuses[path] ??= []).push(res.status());
    });
    // format=mp4: this test is about the MP4 path, whether or not the sample has renditions.
    const hash = auth
      ? 'autoplay=1&format=mp4'
      : `token=${await t.token({ sub: 'browser-viewer' })}&autoplay=1&format=mp4`;
    await page.goto(`${origin}/v1/api/player#${hash}`);
    // Functions, not strings: the page's CSP forbids eval, and this project has no DOM typings.
    const video = page.locator('video');
    const currentTime = () =>
      video.evaluate((v: { currentTime: number }) => v.currentTime);
    await until(async () => (await currentTime()) > 0.5, 'the video plays');
    const middle = await video.evaluate(
      (v: { currentTime: number; duration: number }) =>
        (v.currentTime = v.duration / 2),
    );
    await until(
      async () => (await currentTime()) > middle + 1,
      'the video advances past the middle',
    );
    const state = {
      ...(await video.evaluate(
        (v: { paused: boolean; error: { message: string } | null }) => ({
          paused: v.paused,
          error: v.error?.message ?? null,
        }),
      )),
      status: await page.locator('#status').textContent(),
    };
    expect(state).toMatchObject({ paused: false, error: null });
    expect(state.status).toMatch(/^Playing video-test\.mp4/);
    if (auth) expect(statuses['/v1/api/auth/token']).toEqual([200]);
    expect(statuses['/v1/api/video/playback']).toEqual([200]);
    expect(statuses['/v1/api/video']).toContain(206);
    await page.close();
  });
});
