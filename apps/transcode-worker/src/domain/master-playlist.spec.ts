import { avcCodecString, codecs, masterPlaylist } from './master-playlist';

describe('masterPlaylist', () => {
  it('lists the renditions lowest bandwidth first with relative URIs, resolution and codecs', () => {
    const text = masterPlaylist([
      {
        name: '720p',
        width: 1280,
        height: 720,
        bandwidth: 2_560_000,
        codecs: 'avc1.640028,mp4a.40.2',
        playlistKey: 'hls/a.mp4/720p/index.m3u8',
        uri: '720p/index.m3u8',
      },
      {
        name: '360p',
        width: 640,
        height: 360,
        bandwidth: 700_000,
        codecs: 'avc1.640028,mp4a.40.2',
        playlistKey: 'hls/a.mp4/360p/index.m3u8',
        uri: '360p/index.m3u8',
      },
    ]);
    expect(text.split('\n')).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-STREAM-INF:BANDWIDTH=700000,RESOLUTION=640x360,CODECS="avc1.640028,mp4a.40.2"',
      '360p/index.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=2560000,RESOLUTION=1280x720,CODECS="avc1.640028,mp4a.40.2"',
      '720p/index.m3u8',
      '',
    ]);
  });
});

describe('codec strings', () => {
  it('names H.264 profile and level as RFC 6381 does', () => {
    expect(avcCodecString('High', 40)).toBe('avc1.640028');
    expect(avcCodecString('Main', 31)).toBe('avc1.4d401f');
    expect(avcCodecString('Constrained Baseline', 30)).toBe('avc1.42e01e');
  });

  it('adds the audio codec only when there is audio', () => {
    expect(codecs('avc1.640028', { profile: 'LC' })).toBe(
      'avc1.640028,mp4a.40.2',
    );
    expect(codecs('avc1.640028', { profile: 'HE-AAC' })).toBe(
      'avc1.640028,mp4a.40.5',
    );
    expect(codecs('avc1.640028', null)).toBe('avc1.640028');
  });
});
