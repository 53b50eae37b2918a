import { UnplayableSourceError } from '../../domain/transcode.errors';
import { parseFfprobeOutput } from './ffprobe-output';

const h264 = {
  codec_type: 'video',
  codec_name: 'h264',
  profile: 'High',
  level: 40,
  width: 1920,
  height: 1080,
  pix_fmt: 'yuv420p',
  avg_frame_rate: '30000/1001',
};

describe('parseFfprobeOutput', () => {
  it('reads size, duration, frame rate and codecs of an H.264/AAC file', () => {
    const probe = parseFfprobeOutput(
      JSON.stringify({
        streams: [
          h264,
          { codec_type: 'audio', codec_name: 'aac', profile: 'LC' },
        ],
        format: { duration: '60.021', format_name: 'mov,mp4' },
      }),
    );
    expect(probe).toMatchObject({
      durationSeconds: 60.021,
      width: 1920,
      height: 1080,
      videoCodec: 'h264',
      videoProfile: 'High',
      videoLevel: 40,
      audioCodec: 'aac',
      rotation: 0,
    });
    expect(probe.frameRate).toBeCloseTo(29.97, 2);
  });

  it('swaps the size of a phone video recorded sideways', () => {
    const probe = parseFfprobeOutput(
      JSON.stringify({
        streams: [{ ...h264, side_data_list: [{ rotation: -90 }] }],
        format: { duration: '3' },
      }),
    );
    expect([probe.width, probe.height, probe.rotation]).toEqual([
      1080, 1920, 270,
    ]);
    expect(probe.audioCodec).toBeNull();
  });

  it('refuses an audio file whose only picture is its cover', () => {
    expect(() =>
      parseFfprobeOutput(
        JSON.stringify({
          streams: [
            { codec_type: 'audio', codec_name: 'mp3' },
            {
              codec_type: 'video',
              codec_name: 'mjpeg',
              disposition: { attached_pic: 1 },
            },
          ],
          format: { format_name: 'mp3' },
        }),
      ),
    ).toThrow(
      new UnplayableSourceError(
        'NO_VIDEO_STREAM',
        'the file has no video stream (mp3)',
      ),
    );
  });

  it('calls output that is not ffprobe JSON unreadable', () => {
    expect(() => parseFfprobeOutput('not json')).toThrow(UnplayableSourceError);
  });
});
