import { planLadder } from '../../domain/rendition-ladder';
import { ladderArgs, remuxArgs } from './ffmpeg-args';

const after = (args: string[], flag: string) =>
  args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));

describe('ffmpeg arguments', () => {
  const rungs = planLadder({ width: 1920, height: 1080, frameRate: 30 }, 1080);

  it('encodes every rung from one decode, each to its own fMP4 HLS folder with aligned key frames', () => {
    const args = ladderArgs('/w/source', rungs, '/w/ladder', {
      segmentSeconds: 4,
      preset: 'veryfast',
      hasAudio: true,
    });
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(after(args, '-filter_complex')[0]).toBe(
      '[0:v]split=3[s0][s1][s2];' +
        '[s0]scale=640:360:flags=bicubic,format=yuv420p[v0];' +
        '[s1]scale=1280:720:flags=bicubic,format=yuv420p[v1];' +
        '[s2]scale=1920:1080:flags=bicubic,format=yuv420p[v2]',
    );
    expect(args.filter((a) => a.endsWith('index.m3u8'))).toEqual([
      '/w/ladder/360p/index.m3u8',
      '/w/ladder/720p/index.m3u8',
      '/w/ladder/1080p/index.m3u8',
    ]);
    expect(after(args, '-hls_segment_type')).toEqual(['fmp4', 'fmp4', 'fmp4']);
    expect(after(args, '-force_key_frames')).toEqual(
      Array(3).fill('expr:gte(t,n_forced*4)'),
    );
    expect(after(args, '-b:v').map(Number)).toEqual(
      rungs.map((r) => r.videoBitrate),
    );
    expect(after(args, '-preset')).toEqual([
      'veryfast',
      'veryfast',
      'veryfast',
    ]);
    expect(after(args, '-c:a')).toEqual(['aac', 'aac', 'aac']);
  });

  it('maps no audio for a silent source', () => {
    const args = ladderArgs('/w/source', rungs, '/w/ladder', {
      segmentSeconds: 4,
      preset: 'veryfast',
      hasAudio: false,
    });
    expect(args).not.toContain('0:a:0');
    expect(args).not.toContain('-c:a');
  });

  it('remuxes with stream copy only', () => {
    const args = remuxArgs('/w/source', '/w/copy', { segmentSeconds: 4 });
    expect(after(args, '-c')).toEqual(['copy']);
    expect(args).not.toContain('libx264');
    expect(args).toContain('/w/copy/index.m3u8');
  });
});
