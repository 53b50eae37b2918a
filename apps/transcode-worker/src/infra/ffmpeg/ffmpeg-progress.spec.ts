import { FfmpegProgressParser } from './ffmpeg-progress';

describe('FfmpegProgressParser', () => {
  it('reports the encoded fraction at each progress block, across chunk boundaries, and 1 at the end', () => {
    const seen: number[] = [];
    const parser = new FfmpegProgressParser(10, (f) => seen.push(f));
    parser.push('frame=10\nout_time_us=N/A\nprogress=continue\nout_time_us=25');
    parser.push('00000\nspeed=1.2x\nprogress=continue\n');
    parser.push('out_time_us=9990000\nprogress=end\n');
    expect(seen).toEqual([0, 0.25, 1]);
  });

  it('never reports more than everything, even when the output runs past the probed duration', () => {
    const seen: number[] = [];
    const parser = new FfmpegProgressParser(1, (f) => seen.push(f));
    parser.push('out_time_us=1500000\nprogress=continue\n');
    expect(seen).toEqual([1]);
  });
});
