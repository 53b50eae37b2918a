import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Rung {
  height: number;
  videoKbps: number;
}

export interface Ladder {
  dir: string;
  durationSeconds: number;
  renditions: {
    height: number;
    width: number;
    bandwidth: number;
    codecs: string;
    folder: string;
  }[];
  /** Every file of the ladder, relative to `dir`. */
  files: string[];
  cleanup(): void;
}

const SEGMENT_SECONDS = 2;

/**
 * An HLS fMP4 ladder of `source` made with Debian's ffmpeg in the layout agreed with the
 * transcode-worker (master.m3u8, `<height>p/index.m3u8|init.mp4|seg-NNNNN.m4s`, poster.jpg), with
 * constant bitrates so a throttled player has a reason to switch. Test setup only.
 */
export function generateHlsLadder(source: string, rungs: Rung[]): Ladder {
  const dir = mkdtempSync(join(tmpdir(), 'hls-ladder-'));
  const renditions = rungs.map((rung) => encodeRung(source, dir, rung));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const r of renditions)
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},RESOLUTION=${r.width}x${r.height},CODECS="${r.codecs}"`,
      `${r.folder}/index.m3u8`,
    );
  writeFileSync(join(dir, 'master.m3u8'), `${lines.join('\n')}\n`);
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-ss',
    '1',
    '-i',
    source,
    '-frames:v',
    '1',
    join(dir, 'poster.jpg'),
  ]);
  const durationSeconds = Number(
    execFileSync('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'csv=p=0',
      source,
    ])
      .toString()
      .trim(),
  );
  const files = [
    'master.m3u8',
    'poster.jpg',
    ...renditions.flatMap((r) =>
      readdirSync(join(dir, r.folder)).map((f) => `${r.folder}/${f}`),
    ),
  ];
  return {
    dir,
    durationSeconds,
    renditions,
    files,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function encodeRung(source: string, dir: string, rung: Rung) {
  const folder = `${rung.height}p`;
  mkdirSync(join(dir, folder));
  const kbps = `${rung.videoKbps}k`;
  // prettier-ignore
  execFileSync('ffmpeg', [
    '-v', 'error', '-y', '-i', source, '-vf', `scale=-2:${rung.height}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'main', '-level:v', '3.0',
    '-b:v', kbps, '-minrate', kbps, '-maxrate', kbps, '-bufsize', kbps, '-x264-params', 'nal-hrd=cbr',
    '-force_key_frames', `expr:gte(t,n_forced*${SEGMENT_SECONDS})`,
    '-c:a', 'aac', '-b:a', '64k', '-ac', '2',
    '-f', 'hls', '-hls_time', String(SEGMENT_SECONDS), '-hls_playlist_type', 'vod',
    '-hls_segment_type', 'fmp4', '-hls_fmp4_init_filename', 'init.mp4',
    '-hls_segment_filename', join(dir, folder, 'seg-%05d.m4s'), join(dir, folder, 'index.m3u8'),
  ]);
  const [width, height] = execFileSync('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'csv=p=0',
    join(dir, folder, 'init.mp4'),
  ])
    .toString()
    .trim()
    .split(',')
    .map(Number);
  // Peak bits per second over the segments, as BANDWIDTH requires.
  const peak = Math.max(
    ...readdirSync(join(dir, folder))
      .filter((f) => f.endsWith('.m4s'))
      .map((f) => (statSync(join(dir, folder, f)).size * 8) / SEGMENT_SECONDS),
  );
  // Main profile, level 3.0 (set above): the init segment alone does not tell ffprobe the level.
  const codecs = 'avc1.4d401e,mp4a.40.2';
  return { height, width, bandwidth: Math.ceil(peak), codecs, folder };
}

export const CONTENT_TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  jpg: 'image/jpeg',
  json: 'application/json',
};

/** Writes the ladder under `hls/<key>/`, manifest.json last, as the worker does. */
export async function publishLadder(
  put: (key: string, body: Buffer, contentType?: string) => Promise<unknown>,
  videoKey: string,
  ladder: Ladder,
  sourceEtag: string | undefined,
): Promise<string[]> {
  const prefix = `hls/${videoKey}/`;
  for (const file of ladder.files)
    await put(
      `${prefix}${file}`,
      readFileSync(join(ladder.dir, file)),
      CONTENT_TYPES[file.split('.').pop() ?? ''],
    );
  const manifest = {
    schemaVersion: 1,
    videoKey,
    state: 'ready',
    ladder: 'final',
    sourceEtag,
    durationSeconds: ladder.durationSeconds,
    renditions: ladder.renditions.map(({ folder, ...r }) => ({
      ...r,
      playlistKey: `${prefix}${folder}/index.m3u8`,
    })),
    masterPlaylistKey: `${prefix}master.m3u8`,
    posterKey: `${prefix}poster.jpg`,
    updatedAt: new Date().toISOString(),
  };
  await put(
    `${prefix}manifest.json`,
    Buffer.from(JSON.stringify(manifest)),
    'application/json',
  );
  return [
    ...ladder.files.map((f) => `${prefix}${f}`),
    `${prefix}manifest.json`,
  ];
}

/** The sample played `times` times in a row (stream copy): long enough for a player to adapt. */
export function loopedSource(
  sample: string,
  times: number,
): { file: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'hls-source-'));
  const file = join(dir, 'looped.mp4');
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-stream_loop',
    String(times - 1),
    '-i',
    sample,
    '-c',
    'copy',
    file,
  ]);
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
