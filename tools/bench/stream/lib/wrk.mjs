// wrk (Debian's package) as the load client: C, epoll, many connections per thread; much faster
// than what it measures here. Parses its summary into numbers.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const RANGE_SCRIPT = path.join(here, 'range.lua');

export function assertWrk() {
  if (spawnSync('wrk', ['-v']).error)
    throw new Error('wrk is not installed (apt-get install wrk)');
}

const UNITS = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
const bytesOf = (text) => {
  const m = /([\d.]+)([KMGT]?B)/.exec(text);
  return m ? Number(m[1]) * UNITS[m[2]] : NaN;
};
const msOf = (text) => {
  const m = /([\d.]+)(us|ms|s)\b/.exec(text);
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
};

/**
 * Runs wrk for `seconds` against `url`. `range` = { size, span } asks a random range per request.
 * Resolves with requests/s, bytes/s, latency percentiles (ms) and the count of non-2xx answers.
 * @param {string} url
 * @param {{ headers?: Record<string, string>, range?: { size: number, span: number },
 *   seconds?: number, connections?: number, threads?: number }} [options]
 */
export function wrk(
  url,
  { headers = {}, range, seconds = 8, connections = 16, threads = 2 } = {},
) {
  const args = [
    '-t',
    String(threads),
    '-c',
    String(connections),
    '-d',
    `${seconds}s`,
    '--latency',
    '--timeout',
    '30s',
  ];
  const env = { ...process.env };
  if (range) {
    args.push('-s', RANGE_SCRIPT);
    Object.assign(env, {
      BENCH_SIZE: String(range.size),
      BENCH_SPAN: String(range.span),
      BENCH_AUTH: headers.authorization ?? '',
    });
  } else
    for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}: ${out}`));
      const line = (re) => re.exec(out)?.[1] ?? '';
      const result = {
        rps: Number(line(/Requests\/sec:\s+([\d.]+)/)),
        bytesPerSec: bytesOf(line(/Transfer\/sec:\s+(\S+)/)),
        // Anchored: a thread-stats line ending in "...50.50%" must not read as the 50th percentile.
        p50: msOf(line(/^\s+50%\s+(\S+)/m)),
        p99: msOf(line(/^\s+99%\s+(\S+)/m)),
        errors:
          Number(line(/Non-2xx or 3xx responses:\s+(\d+)/) || 0) +
          Number(line(/Socket errors:.*timeout (\d+)/) || 0),
      };
      if (!result.bytesPerSec)
        return reject(new Error(`wrk: nothing received: ${out}`));
      resolve(result);
    });
  });
}
