// What the apps' integration tests and the benches under tools/bench both do against the stack,
// written once: CommonJS with JSDoc, so the .mjs tools import it (index.mjs) and the TypeScript
// tests load it through index.ts, with the types of test-support.d.cts.
const { execFileSync } = require('node:child_process');

/**
 * The access-log-consumer schema's tables that hold a video's traces (ADR 0023 and the analytics
 * of issue 13): raw rows, sessions, viewers and rollups, in the order a cleanup deletes them.
 */
const ACCESS_LOG_VIDEO_TABLES = [
  'access_logs',
  'playback_sessions',
  'access_viewer_hours',
  'access_viewer_days',
  'access_viewer_day_gaps',
  'access_rollup_hourly',
  'access_rollup_daily',
];

/**
 * Deletes every trace of the videos whose key starts with `prefix` (LIKE wildcards in it are
 * escaped), through `query` (a pg Pool's or Client's, connected with the schema's search_path).
 * @param {(sql: string, params: unknown[]) => Promise<unknown>} query
 * @param {string} prefix
 * @param {{ tables?: readonly string[] }} [options] a subset of ACCESS_LOG_VIDEO_TABLES
 */
async function deleteVideoTraces(
  query,
  prefix,
  { tables = ACCESS_LOG_VIDEO_TABLES } = {},
) {
  const like = `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
  for (const table of tables)
    await query(`DELETE FROM ${table} WHERE video_key LIKE $1`, [like]);
}

/**
 * A video made with ffmpeg's own test patterns (lavfi testsrc2 at 30 fps + a 440 Hz sine tone,
 * AAC audio, faststart MP4), so tests and benches need no binary fixtures. `codec` h264 (default,
 * libx264 with `preset`, optional `bitrate`, a keyframe every `gop` frames) or mpeg4.
 * @param {string} file where to write it
 * @param {{ width: number, height: number, seconds: number, codec?: 'h264' | 'mpeg4',
 *   preset?: string, bitrate?: string, gop?: number, audioBitrate?: string }} o
 * @returns {string} file
 */
function makeTestVideo(file, o) {
  const video =
    o.codec === 'mpeg4'
      ? ['-c:v', 'mpeg4', '-q:v', '5']
      : [
          ...['-c:v', 'libx264', '-preset', o.preset ?? 'ultrafast'],
          ...(o.bitrate ? ['-b:v', o.bitrate] : []),
          ...['-pix_fmt', 'yuv420p', '-g', String(o.gop ?? 30)],
        ];
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i'],
    `testsrc2=size=${o.width}x${o.height}:rate=30:duration=${o.seconds}`,
    ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${o.seconds}`],
    ...video,
    ...['-c:a', 'aac', '-b:a', o.audioBitrate ?? '64k', '-shortest'],
    ...['-movflags', '+faststart', file],
  ]);
  return file;
}

/**
 * Disconnects a test's or a bench's Kafka clients and deletes its private topics (and their
 * dead-letter topics), whatever state they are in.
 * @param {{ clients: { disconnect(): Promise<void> }[],
 *   admin: { deleteTopics(o: { topics: string[] }): Promise<unknown>, disconnect(): Promise<void> },
 *   topics: string[] }} session
 */
async function dropKafkaSession({ clients, admin, topics }) {
  for (const client of clients) await client.disconnect();
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
}

module.exports = {
  ACCESS_LOG_VIDEO_TABLES,
  deleteVideoTraces,
  makeTestVideo,
  dropKafkaSession,
};
