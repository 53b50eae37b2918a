import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { aGateway, launchChromium, until } from '../../testing/browser';
import {
  generateHlsLadder,
  loopedSource,
  publishLadder,
  type Ladder,
} from '../../testing/hls-ladder';
import { fixtureS3 } from '../../testing/s3-fixtures';
import { aFreePort, startTestApp, type TestApp } from '../../testing/test-app';

const SAMPLE = join(__dirname, '../../../../../assets/videos/video-test.mp4');

/**
 * The player page in headless Chromium against an HLS ladder made with ffmpeg in the agreed
 * layout: it lists the video with its poster and state, plays it with hls.js, seeks, and adapts
 * to the network (Chrome DevTools Protocol throttling) down to the low rung and back up.
 */
describe('the player page plays HLS in Chromium and adapts to the network', () => {
  let t: TestApp;
  let browser: Browser;
  let gateway: Server;
  let origin: string;
  let s3: ReturnType<typeof fixtureS3>;
  let ladder: Ladder;
  let source: ReturnType<typeof loopedSource>;
  // '0' sorts before the other test objects: the page lists the first 50 videos.
  const key = `0player-${randomUUID()}/long.mp4`;
  const created: string[] = [key];

  beforeAll(async () => {
    source = loopedSource(SAMPLE, 5);
    ladder = generateHlsLadder(source.file, [
      { height: 144, videoKbps: 300 },
      { height: 360, videoKbps: 1500 },
    ]);
    const port = await aFreePort();
    origin = `http://127.0.0.1:${port}`;
    t = await startTestApp({
      PUBLIC_BASE_URL: origin,
      METADATA_CACHE_TTL_MS: '0',
    });
    s3 = fixtureS3(t.config);
    await s3.put(key, readFileSync(source.file), 'video/mp4');
    created.push(
      ...(await publishLadder(s3.put, key, ladder, (await s3.head(key))?.etag)),
    );
    gateway = aGateway({ auth: undefined, stream: t.baseUrl });
    await new Promise<void>((resolve) =>
      gateway.listen(port, '127.0.0.1', resolve),
    );
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => gateway?.close(resolve));
    await Promise.all(created.map((k) => s3?.remove(k).catch(() => undefined)));
    s3?.destroy();
    ladder?.cleanup();
    source?.cleanup();
    await t?.close();
  });

  const open = async (): Promise<Page> => {
    const page = await browser.newPage();
    const token = await t.token({ sub: 'hls-viewer' });
    await page.goto(
      `${origin}/v1/api/player?filename=${encodeURIComponent(key)}#token=${token}&autoplay=1`,
    );
    return page;
  };
  const currentTime = (page: Page) =>
    page
      .locator('video')
      .evaluate((v: { currentTime: number }) => v.currentTime);
  const playing = (page: Page) => page.locator('#rendition').textContent();

  it('lists the video with its poster and state, plays HLS from hls.js served by the app, and plays after a seek to the middle', async () => {
    const page = await open();
    const hlsRequests: string[] = [];
    page.on('request', (r) => hlsRequests.push(new URL(r.url()).pathname));
    const card = page.getByRole('button', { name: `Play ${key}` });
    await until(async () => (await card.count()) === 1, 'the video is listed');
    expect(await card.textContent()).toContain('ready · 144p/360p');
    await until(
      async () =>
        card
          .locator('img')
          .evaluate(
            (img: { complete: boolean; naturalWidth: number }) =>
              img.complete && img.naturalWidth > 0,
          ),
      'the poster loads',
    );
    await until(async () => (await currentTime(page)) > 1, 'playback starts');
    expect(await page.locator('#status').textContent()).toMatch(
      /\(HLS, URL valid until/,
    );
    expect(await page.locator('#quality option').allTextContents()).toEqual([
      'Auto',
      expect.stringMatching(/^144p/),
      expect.stringMatching(/^360p/),
    ]);
    const middle = await page
      .locator('video')
      .evaluate(
        (v: { currentTime: number; duration: number }) =>
          (v.currentTime = v.duration / 2),
      );
    expect(middle).toBeGreaterThan(50);
    await until(
      async () => (await currentTime(page)) > middle + 2,
      'playback continues after the seek',
    );
    expect(
      hlsRequests.some((p) =>
        /^\/v1\/api\/video\/hls\/[^/]+\/(144p|360p)\/seg-\d+\.m4s$/.test(p),
      ),
    ).toBe(true);
    await page.close();
  });

  it('switches to the lower rendition under throttling and back up when the throttle is lifted', async () => {
    const page = await open();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    // "Open" is a good home connection (8 Mb/s), not loopback: hls.js weighs each bandwidth sample
    // by its download time, so millisecond loopback downloads would barely move its estimate.
    const network = (kbps: number, latency: number) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency,
        downloadThroughput: (kbps * 1000) / 8,
        uploadThroughput: (kbps * 1000) / 8,
      });
    await network(8000, 20);
    await until(
      async () => (await playing(page)) === '360p',
      'the player reaches 360p on the open network',
      40_000,
    );
    // 700 kb/s: enough for 144p (~370 kb/s with audio), far below 360p (~1.6 Mb/s).
    await network(700, 40);
    await until(
      async () => (await playing(page)) === '144p',
      'the player drops to 144p under throttling',
      60_000,
    );
    const droppedAt = await currentTime(page);
    await network(8000, 20);
    await until(
      async () => (await playing(page)) === '360p',
      'the player climbs back to 360p',
      60_000,
    );
    expect(await currentTime(page)).toBeGreaterThan(droppedAt);
    expect(
      await page.locator('video').evaluate((v: { error: unknown }) => v.error),
    ).toBeNull();
    await page.close();
  }, 200_000);
});
