// Time to first byte of 1 MiB random ranges at low concurrency (4): a latency measure, not load,
// so a Node client is fast enough; the first body byte is timed, not the whole MiB.
import http from 'node:http';

const MIB = 1024 * 1024;

function get(url, headers, agent) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first = 0;
    let bytes = 0;
    const req = http.get(url, { headers, agent }, (res) => {
      if ((res.statusCode ?? 0) >= 300)
        reject(new Error(`${url} -> ${res.statusCode}`));
      res.on('data', (d) => {
        if (!first) first = performance.now() - started;
        bytes += d.length;
      });
      res.on('end', () => resolve({ bytes, ttfb: first }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

export async function ttfb(
  url,
  headers,
  objectBytes,
  { requests = 400, concurrency = 4 } = {},
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const samples = [];
  let next = 0;
  const slots = objectBytes / MIB - 1;
  await get(url, { ...headers, range: 'bytes=0-0' }, agent);
  const worker = async () => {
    while (next < requests) {
      const i = next++;
      const start = ((i * 7919) % slots) * MIB;
      const r = await get(
        url,
        { ...headers, range: `bytes=${start}-${start + MIB - 1}` },
        agent,
      );
      if (r.bytes !== MIB)
        throw new Error(`${url}: a 1 MiB range gave ${r.bytes} bytes`);
      samples.push(r.ttfb);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  samples.sort((a, b) => a - b);
  const q = (p) =>
    samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  return { p50: q(0.5), p99: q(0.99) };
}
