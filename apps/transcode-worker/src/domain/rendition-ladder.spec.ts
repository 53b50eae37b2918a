import { planLadder } from './rendition-ladder';

const heights = (w: number, h: number, max = 1080, fps = 30) =>
  planLadder({ width: w, height: h, frameRate: fps }, max).map((r) => [
    r.width,
    r.height,
  ]);

describe('planLadder', () => {
  it('gives a 1080p source 360p, 720p and 1080p with bit rates growing with the picture', () => {
    const ladder = planLadder(
      { width: 1920, height: 1080, frameRate: 30 },
      1080,
    );
    expect(ladder.map((r) => r.name)).toEqual(['360p', '720p', '1080p']);
    expect(ladder.map((r) => [r.width, r.height])).toEqual([
      [640, 360],
      [1280, 720],
      [1920, 1080],
    ]);
    const rates = ladder.map((r) => r.videoBitrate);
    expect(rates[0]).toBeLessThan(rates[1]);
    expect(rates[1]).toBeLessThan(rates[2]);
    expect(rates[2]).toBeGreaterThan(3_000_000);
    expect(rates[2]).toBeLessThan(8_000_000);
    for (const r of ladder)
      expect(r.maxVideoBitrate).toBeGreaterThan(r.videoBitrate);
  });

  it('never upscales: a 480p source stops at its own height, a 240p source has one rung', () => {
    expect(heights(854, 480)).toEqual([
      [640, 360],
      [854, 480],
    ]);
    expect(heights(426, 240)).toEqual([[426, 240]]);
  });

  it('caps a 4K source at the configured height and keeps its aspect ratio', () => {
    expect(heights(3840, 2160)).toEqual([
      [640, 360],
      [1280, 720],
      [1920, 1080],
    ]);
    expect(heights(3840, 2160, 720)).toEqual([
      [640, 360],
      [1280, 720],
    ]);
  });

  it('skips a source height too close to the rung below, and makes portrait sizes even', () => {
    expect(heights(711, 400)).toEqual([[640, 360]]);
    expect(heights(1080, 1920)).toEqual([
      [202, 360],
      [406, 720],
      [608, 1080],
    ]);
  });

  it('spends more on 60 fps than on 30 fps', () => {
    const at = (fps: number) =>
      planLadder({ width: 1280, height: 720, frameRate: fps }, 1080)[1]
        .videoBitrate;
    expect(at(60)).toBeGreaterThan(at(30));
  });
});
