import { chromium, type Browser } from 'playwright-core';
import { aFreePort, startTestApp, type TestApp } from '../../testing/test-app';

const CHROMIUM = '/usr/bin/chromium';

/**
 * The player page in a real (headless) browser: it gets a playback URL with a Bearer token and
 * gives it to <video>, which plays, seeks with Range requests (206) and keeps advancing.
 * The token comes in the page's URL hash: the dev token endpoint is auth-service's, reached
 * through the gateway in a deployment, and this test runs stream-service alone.
 */
describe('GET /v1/api/player in Chromium', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    const port = await aFreePort();
    t = await startTestApp({
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('plays video-test.mp4, seeks to the middle with a 206 and keeps playing', async () => {
    const page = await browser.newPage();
    const videoStatuses: number[] = [];
    page.on('response', (res) => {
      if (new URL(res.url()).pathname === '/v1/api/video')
        videoStatuses.push(res.status());
    });
    const token = await t.token({ sub: 'browser-viewer' });
    await page.goto(`${t.baseUrl}/v1/api/player#token=${token}&autoplay=1`);
    // Functions, not strings: the page's CSP forbids eval, and this project has no DOM typings.
    const video = page.locator('video');
    const currentTime = () =>
      video.evaluate((v: { currentTime: number }) => v.currentTime);
    await until(async () => (await currentTime()) > 0.5);
    const middle = await video.evaluate(
      (v: { currentTime: number; duration: number }) =>
        (v.currentTime = v.duration / 2),
    );
    await until(async () => (await currentTime()) > middle + 1);
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
    expect(videoStatuses).toContain(206);
    await page.close();
  });
});

async function until(
  check: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error('the video did not advance in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
